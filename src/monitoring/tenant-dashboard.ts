import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { ResolvedAlarmThresholds } from './alarm-thresholds';
import type { CacheNodeMetrics } from './cache-node-metrics';
import { serviceTaskCount, serviceUtilization } from './container-insights';
import type { ServiceRole, TenantNames } from '../naming';

const ROLES: ReadonlyArray<[ServiceRole, string]> = [['django', 'Django'], ['celery', 'Celery worker'], ['beat', 'Celery Beat']];
const GIB = 1024 ** 3;

/** What the tenant's dashboard shows. */
export interface TenantDashboardProps {
  readonly names: TenantNames;
  readonly tierName: string;
  readonly thresholds: ResolvedAlarmThresholds;
  readonly alarms: cloudwatch.IAlarm[];
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly database: rds.IDatabaseInstance;
  readonly cacheNodes: CacheNodeMetrics;
}

/**
 * The tenant's CloudWatch dashboard `<prefix>-<tenant>-<env>`: alarm states first, then requests, services, database
 * and cache, with each alarm's threshold drawn on its graph.
 */
export class TenantDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: TenantDashboardProps) {
    super(scope, id);
    const { names, thresholds, targetGroup, database, cacheNodes } = props;
    const clusterName = names.environmentNames.cluster;
    const fiveMinutes = Duration.minutes(5);
    const threshold = (value: number, label: string): cloudwatch.HorizontalAnnotation[] => [{ value, label, color: cloudwatch.Color.RED }];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: names.dashboard,
      defaultInterval: Duration.hours(3),
    });

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Tenant ${names.tenantId} (${props.tierName}) in ${names.environmentNames.environment}\nServices \`${names.service('django')}\`, \`${names.service('celery')}\`, \`${names.service('beat')}\` on cluster \`${clusterName}\`; logs in \`/ecs/${names.stem}/<service>\`.`,
        width: 24,
        height: 2,
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 3 }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Requests and Django 5xx responses',
        left: [targetGroup.metrics.requestCount({ period: fiveMinutes, label: 'Requests' })],
        right: [targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: fiveMinutes, label: '5xx responses' })],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Response time (seconds)',
        left: [
          targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(95), period: fiveMinutes, label: 'p95' }),
          targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(99), period: fiveMinutes, label: 'p99' }),
        ],
        leftAnnotations: threshold(thresholds.p99Latency.toMilliseconds() / 1000, 'p99 alarm'),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Django targets',
        left: [
          targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1), label: 'Healthy' }),
          targetGroup.metrics.unhealthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1), label: 'Unhealthy' }),
        ],
        leftAnnotations: threshold(thresholds.unhealthyTargets, 'Unhealthy alarm'),
        width: 8,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'CPU utilization per service (%)',
        left: ROLES.map(([role, label]) => serviceUtilization('CPUUtilization', clusterName, names.service(role), label)),
        leftYAxis: { min: 0, max: 100 },
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Memory utilization per service (%)',
        left: ROLES.map(([role, label]) => serviceUtilization('MemoryUtilization', clusterName, names.service(role), label)),
        leftYAxis: { min: 0, max: 100 },
        width: 12,
      }),
    );

    this.dashboard.addWidgets(...ROLES.map(([role, label]) => new cloudwatch.GraphWidget({
      title: `${label}: running vs desired tasks`,
      left: [
        serviceTaskCount('RunningTaskCount', clusterName, names.service(role), { label: 'Running' }),
        serviceTaskCount('DesiredTaskCount', clusterName, names.service(role), { label: 'Desired' }),
      ],
      leftYAxis: { min: 0 },
      width: 8,
    })));

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Database CPU (%)',
        left: [database.metricCPUUtilization({ period: fiveMinutes, label: 'CPU' })],
        leftAnnotations: threshold(thresholds.databaseCpuPercent, 'CPU alarm'),
        leftYAxis: { min: 0, max: 100 },
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Database connections',
        left: [database.metricDatabaseConnections({ period: fiveMinutes, label: 'Connections' })],
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Database free storage (GiB)',
        left: [new cloudwatch.MathExpression({
          expression: `bytes / ${GIB}`,
          usingMetrics: { bytes: database.metricFreeStorageSpace({ statistic: cloudwatch.Stats.MINIMUM, period: fiveMinutes }) },
          label: 'Free storage',
          period: fiveMinutes,
        })],
        leftAnnotations: threshold(thresholds.databaseFreeStorageGiB, 'Free storage alarm'),
        leftYAxis: { min: 0 },
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Database read / write latency (seconds)',
        left: [
          database.metric('ReadLatency', { statistic: cloudwatch.Stats.AVERAGE, period: fiveMinutes, label: 'Read' }),
          database.metric('WriteLatency', { statistic: cloudwatch.Stats.AVERAGE, period: fiveMinutes, label: 'Write' }),
        ],
        width: 6,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Cache engine CPU (%)',
        left: cacheNodes.perNode('EngineCPUUtilization', cloudwatch.Stats.AVERAGE),
        leftYAxis: { min: 0, max: 100 },
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Cache memory used (% of maxmemory)',
        left: cacheNodes.perNode('DatabaseMemoryUsagePercentage', cloudwatch.Stats.MAXIMUM),
        leftAnnotations: threshold(thresholds.cacheMemoryPercent, 'Memory alarm'),
        leftYAxis: { min: 0, max: 100 },
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Cache evictions (per 5 minutes)',
        left: cacheNodes.perNode('Evictions', cloudwatch.Stats.SUM),
        leftAnnotations: threshold(thresholds.cacheEvictions, 'Evictions alarm'),
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Cache connections',
        left: cacheNodes.perNode('CurrConnections', cloudwatch.Stats.MAXIMUM),
        width: 6,
      }),
    );
  }
}
