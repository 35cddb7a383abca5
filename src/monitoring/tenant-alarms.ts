import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ResolvedAlarmThresholds } from './alarm-thresholds';
import type { CacheNodeMetrics } from './cache-node-metrics';
import { serviceTaskCount } from './container-insights';
import { notifyingAlarm } from './notifying-alarm';
import type { TenantNames } from '../naming';

/** Periods with fewer requests than this never count towards the 5xx-rate alarm. */
export const MIN_REQUESTS_FOR_ERROR_RATE = 20;

const GIB = 1024 ** 3;

/** What the tenant's alarms watch. */
export interface TenantAlarmsProps {
  readonly names: TenantNames;
  readonly thresholds: ResolvedAlarmThresholds;
  readonly alarmTopic: sns.ITopic;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly database: rds.IDatabaseInstance;
  readonly cacheNodes: CacheNodeMetrics;
}

/**
 * The alarms an on-call engineer must act on for one tenant, each sent to the environment's alarm topic when it goes
 * off and when it recovers. Names are `<prefix>-<tenant>-<env>-<what>`.
 *
 * Missing data is treated per alarm: traffic alarms see no requests as no problem; the "not running" alarms see
 * silence as no task (Container Insights publishes nothing for a service without tasks); database and cache alarms
 * keep their state when their store publishes nothing (it is stopped, rebooting or failing over; the traffic alarms
 * report what users notice of that).
 */
export class TenantAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: TenantAlarmsProps) {
    super(scope, id);
    const { names, thresholds, targetGroup, database, cacheNodes } = props;
    const tenant = `tenant ${names.tenantId} (${names.stem})`;
    const clusterName = names.environmentNames.cluster;
    const alarm = (alarmId: string, what: string, alarmProps: Omit<cloudwatch.AlarmProps, 'alarmName'>) => {
      this.alarms.push(notifyingAlarm(this, alarmId, props.alarmTopic, { alarmName: names.alarm(what), ...alarmProps }));
    };

    const fiveMinutes = Duration.minutes(5);
    alarm('Http5xxRate', 'http-5xx-rate', {
      alarmDescription: `More than ${thresholds.http5xxRatePercent}% of the requests to ${tenant} got a 5xx from Django for 10 minutes. Look for errors with: aws logs tail ${names.logGroup('django')} --since 30m`,
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${MIN_REQUESTS_FOR_ERROR_RATE}, 100 * FILL(errors, 0) / requests, 0)`,
        usingMetrics: {
          requests: targetGroup.metrics.requestCount({ period: fiveMinutes }),
          errors: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: fiveMinutes }),
        },
        label: 'Django 5xx responses (% of requests)',
        period: fiveMinutes,
      }),
      threshold: thresholds.http5xxRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('UnhealthyTargets', 'unhealthy-targets', {
      alarmDescription: `At least ${thresholds.unhealthyTargets} Django task(s) of ${tenant} failed the load balancer's health check for 5 minutes. Check the tasks with: aws ecs describe-services --cluster ${clusterName} --services ${names.service('django')}`,
      metric: targetGroup.metrics.unhealthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) }),
      threshold: thresholds.unhealthyTargets,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      // An empty target group has no unhealthy targets; no running Django at all is the django-not-running alarm.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('P99Latency', 'p99-latency', {
      alarmDescription: `The slowest 1% of the requests to ${tenant} took longer than ${thresholds.p99Latency.toHumanString()} for 15 minutes. Check the database and cache widgets of dashboard ${names.dashboard}.`,
      metric: targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(99), period: fiveMinutes }),
      threshold: thresholds.p99Latency.toMilliseconds() / 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('DatabaseCpu', 'database-cpu', {
      alarmDescription: `The database of ${tenant} used more than ${thresholds.databaseCpuPercent}% CPU for 15 minutes. Look at Performance Insights for the queries; a lasting load needs a bigger tier.`,
      metric: database.metricCPUUtilization({ period: fiveMinutes }),
      threshold: thresholds.databaseCpuPercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    alarm('DatabaseFreeStorage', 'database-free-storage', {
      alarmDescription: `The database of ${tenant} had less than ${thresholds.databaseFreeStorageGiB} GiB free for 15 minutes, and storage autoscaling did not add any: it is at the tier's databaseMaxAllocatedStorageGiB or waiting out its 6-hour cool-down. Raise the ceiling (a bigger tier) or free space.`,
      metric: database.metricFreeStorageSpace({ statistic: cloudwatch.Stats.MINIMUM, period: fiveMinutes }),
      threshold: thresholds.databaseFreeStorageGiB * GIB,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    alarm('CacheMemory', 'cache-memory', {
      alarmDescription: `A cache node of ${tenant} used more than ${thresholds.cacheMemoryPercent}% of its memory for 15 minutes; it will evict keys, then refuse writes (Celery tasks). A lasting load needs a bigger tier.`,
      metric: cacheNodes.worstNode('DatabaseMemoryUsagePercentage', cloudwatch.Stats.MAXIMUM, 'Cache memory used (% of maxmemory, worst node)'),
      threshold: thresholds.cacheMemoryPercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    alarm('CacheEvictions', 'cache-evictions', {
      alarmDescription: `A cache node of ${tenant} evicted at least ${thresholds.cacheEvictions} keys in each of two 5-minute periods: the cache is too small for its data, and the Celery queue shares it.`,
      metric: cacheNodes.worstNode('Evictions', cloudwatch.Stats.SUM, 'Evicted keys (worst node)'),
      threshold: thresholds.cacheEvictions,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    for (const role of ['django', 'beat'] as const) {
      const service = names.service(role);
      alarm(role === 'django' ? 'DjangoNotRunning' : 'BeatNotRunning', `${role}-not-running`, {
        alarmDescription: `${role === 'django' ? 'Django' : 'Celery Beat'} of ${tenant} had no running task for ${thresholds.notRunningMinutes} minutes${role === 'beat' ? ': no scheduled job is enqueued' : ': the tenant is down'}. See why tasks stop with: aws ecs describe-services --cluster ${clusterName} --services ${service}`,
        metric: serviceTaskCount('RunningTaskCount', clusterName, service),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: thresholds.notRunningMinutes,
        // Container Insights publishes nothing for a service without tasks: silence means not running.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }
  }
}
