import * as logs from 'aws-cdk-lib/aws-logs';
import type { TenantTierConfig } from './tenant-tier-config';
import type { TenantTierOverrides } from './tenant-tier-overrides';
import { tierConfigProblems } from './validate-tier-config';
import { throwIfProblems } from '../private/problems';

/**
 * The size and safety settings of a tenant's silo.
 *
 * Three presets follow the MATE tier table (`TRIAL`, `STANDARD`, `ENTERPRISE`); every derived setting grows with the
 * tier. `TenantTier.custom()` defines a tier from scratch and `derive()` changes a few values of an existing one.
 * Moving a tenant between tiers updates its resources in place; no database, cache, bucket, file system, key or
 * secret is replaced.
 *
 * @example
 * const premium = TenantTier.STANDARD.derive('premium', { maxTasks: 8, databaseBackupRetentionDays: 14 });
 */
export class TenantTier {
  /**
   * Trial: the cheapest silo that still runs the whole product.
   *
   * db.t4g.micro, cache.t4g.micro, tasks of 256 CPU / 512 MiB. Database storage growing to 50 GiB, backups
   * kept 1 day, single-AZ database and cache without snapshots, no deletion protection (the database is still
   * snapshotted on delete), 1 to 2 tasks, logs kept one month, Celery worker and Celery Beat on Fargate Spot alone
   * (`backgroundOnSpotOnly`: a reclaimed Beat skips schedules until ECS replaces it; a reclaimed worker's
   * unacknowledged jobs are redelivered).
   */
  public static readonly TRIAL = new TenantTier('trial', {
    databaseInstanceClass: 'db.t4g.micro',
    cacheNodeType: 'cache.t4g.micro',
    cpu: 256,
    memoryMiB: 512,
    databaseMaxAllocatedStorageGiB: 50,
    databaseBackupRetentionDays: 1,
    databaseMultiAz: false,
    deletionProtection: false,
    cacheReplicas: 0,
    cacheAutomaticFailover: false,
    cacheSnapshotRetentionDays: 0,
    minTasks: 1,
    maxTasks: 2,
    logRetention: logs.RetentionDays.ONE_MONTH,
    workersOnSpot: true,
    backgroundOnSpotOnly: true,
  });

  /**
   * Standard: a paying tenant's production silo.
   *
   * db.t4g.medium, cache.t4g.small, tasks of 512 CPU / 1024 MiB. Database storage growing to 200 GiB, backups
   * kept 7 days, cache snapshots kept 7 days, deletion protection, 2 to 4 tasks, logs kept three months, Celery
   * workers on Fargate Spot above an on-demand base.
   */
  public static readonly STANDARD = new TenantTier('standard', {
    databaseInstanceClass: 'db.t4g.medium',
    cacheNodeType: 'cache.t4g.small',
    cpu: 512,
    memoryMiB: 1024,
    databaseMaxAllocatedStorageGiB: 200,
    databaseBackupRetentionDays: 7,
    databaseMultiAz: false,
    deletionProtection: true,
    cacheReplicas: 0,
    cacheAutomaticFailover: false,
    cacheSnapshotRetentionDays: 7,
    minTasks: 2,
    maxTasks: 4,
    logRetention: logs.RetentionDays.THREE_MONTHS,
    workersOnSpot: true,
    backgroundOnSpotOnly: false,
  });

  /**
   * Enterprise: a highly available, isolated silo.
   *
   * db.r6g.xlarge, cache.r7g.large, tasks of 1024 CPU / 2048 MiB. Database storage growing to 1000 GiB,
   * Multi-AZ database with backups kept 14 days, Redis with a replica in another AZ and automatic failover, cache
   * snapshots kept 14 days, deletion protection, 3 to 10 tasks, logs kept one year and all tasks on on-demand
   * Fargate.
   */
  public static readonly ENTERPRISE = new TenantTier('enterprise', {
    databaseInstanceClass: 'db.r6g.xlarge',
    cacheNodeType: 'cache.r7g.large',
    cpu: 1024,
    memoryMiB: 2048,
    databaseMaxAllocatedStorageGiB: 1000,
    databaseBackupRetentionDays: 14,
    databaseMultiAz: true,
    deletionProtection: true,
    cacheReplicas: 1,
    cacheAutomaticFailover: true,
    cacheSnapshotRetentionDays: 14,
    minTasks: 3,
    maxTasks: 10,
    logRetention: logs.RetentionDays.ONE_YEAR,
    workersOnSpot: false,
    backgroundOnSpotOnly: false,
  });

  /**
   * A tier defined from scratch.
   *
   * @param name lower-case name of the tier; it becomes the tenant's `mate:tier` cost-allocation tag
   * @param config every setting of the tier
   * @throws Error listing every invalid field and the values it accepts
   */
  public static custom(name: string, config: TenantTierConfig): TenantTier {
    return new TenantTier(name, config);
  }

  /**
   * The tier's name, for example `trial`. Tenants carry it as the `mate:tier` tag.
   */
  public readonly name: string;

  /**
   * Every setting of the tier.
   */
  public readonly config: TenantTierConfig;

  private constructor(name: string, config: TenantTierConfig) {
    const problems = tierConfigProblems(name, config);
    throwIfProblems(`tenant tier '${name}'`, problems);
    this.name = name;
    this.config = { ...config };
  }

  /**
   * A new tier with this tier's settings, except for the given overrides.
   *
   * @param name lower-case name of the new tier
   * @param overrides the settings to change
   * @throws Error listing every invalid field and the values it accepts
   */
  public derive(name: string, overrides: TenantTierOverrides): TenantTier {
    const changed = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
    return new TenantTier(name, { ...this.config, ...changed });
  }
}
