import type { Duration } from 'aws-cdk-lib';

/**
 * When a tenant's alarms go off. Every threshold is optional; the defaults grow stricter with the tier.
 *
 * A tier counts as highly available when its database is Multi-AZ or its cache fails over automatically
 * (`TenantTier.ENTERPRISE`), as production when it protects its database from deletion (`TenantTier.STANDARD`), and
 * as a trial otherwise (`TenantTier.TRIAL`). Custom tiers get the defaults of the class their settings put them in.
 */
export interface TenantAlarmThresholds {
  /**
   * Percentage of the Django target group's requests answered with a 5xx by Django, over 5 minutes, that raises
   * the alarm when it holds for two periods in a row (0.1 to 100). Periods with fewer than 20 requests never alarm,
   * so that one failed request of a quiet tenant does not page anyone.
   *
   * @default - 5 on trial tiers, 2 on production tiers, 1 on highly available tiers
   */
  readonly http5xxRatePercent?: number;

  /**
   * 99th percentile of Django's response time, over 5 minutes, that raises the alarm when it holds for three periods
   * in a row (100 milliseconds to 60 seconds).
   *
   * @default - 5 seconds on trial tiers, 3 seconds on production tiers, 2 seconds on highly available tiers
   */
  readonly p99Latency?: Duration;

  /**
   * Number of unhealthy targets in the Django target group that raises the alarm when it holds for five minutes in
   * a row (a whole number from 1).
   *
   * @default 1
   */
  readonly unhealthyTargets?: number;

  /**
   * Average CPU utilization of the database, in percent over 5 minutes, that raises the alarm when it holds for
   * three periods in a row (1 to 100).
   *
   * @default - 90 on trial tiers, 80 on production tiers, 75 on highly available tiers
   */
  readonly databaseCpuPercent?: number;

  /**
   * Free storage of the database, in GiB, below which the alarm goes off when it holds for 15 minutes. RDS storage
   * autoscaling adds storage when less than 10 percent is free, so with the default the alarm only stays on when
   * autoscaling cannot help: at the tier's `databaseMaxAllocatedStorageGiB`, or during the six hours RDS waits
   * between two increases.
   *
   * @default - 10 percent of the database's starting storage (`databaseAllocatedStorageGiB`): 2 GiB for 20 GiB
   */
  readonly databaseFreeStorageGiB?: number;

  /**
   * Memory used by the cache's data, in percent of its `maxmemory`, that raises the alarm when any node holds it for
   * 15 minutes (1 to 100).
   *
   * @default - 90 on trial tiers, 85 on production tiers, 80 on highly available tiers
   */
  readonly cacheMemoryPercent?: number;

  /**
   * Keys any cache node evicts in 5 minutes that raise the alarm when it happens in two periods in a row (a whole
   * number from 1). The cache also holds the Celery queue: steady evictions mean it is too small for its data.
   *
   * @default - 1000 on trial tiers, 100 on production tiers, 10 on highly available tiers
   */
  readonly cacheEvictions?: number;

  /**
   * Minutes in a row without a single running Django task, or without a running Celery Beat task, that raise the
   * "not running" alarms (a whole number from 1 to 60). A Beat deployment stops the old task before starting the new
   * one, so keep it longer than the minute or two that takes.
   *
   * @default - 15 on trial tiers, 10 on production tiers, 5 on highly available tiers
   */
  readonly notRunningMinutes?: number;
}
