import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { serviceTaskCount, serviceUtilization } from './container-insights';
import { TenantNames, type EnvironmentNames, type ServiceRole } from '../naming';

const ROLES: ReadonlyArray<[ServiceRole, string]> = [['django', 'Django'], ['celery', 'Celery worker'], ['beat', 'Celery Beat']];

/** The placeholder tenant id: no tenant can have it, as tenant ids are lower case. */
const PLACEHOLDER_TENANT = 'TENANT';
const GIB = 1024 ** 3;

/**
 * The tenant selector of the environment's dashboard: a CloudWatch dashboard variable, and the widgets that show the
 * tenant it selects.
 *
 * The widgets are written for a placeholder tenant whose stem is `<prefix>-TENANT-<env>` (no tenant can have it:
 * tenant ids are lower case). The variable is a pattern variable: CloudWatch replaces every occurrence of the
 * placeholder in the dashboard with the chosen value, a tenant's stem `<prefix>-<tenant>-<env>`, which is also the
 * name of its RDS instance, so the list to choose from is the environment's RDS instances that report metrics (found
 * by a search on the prefix and environment tokens), the first one chosen when the dashboard opens. Service, database
 * and task metrics have the tenant's exact names in their dimensions; the target group's and the cache nodes' names
 * carry a suffix the environment cannot know (the target group's id, the node number), so their graphs search for
 * the stem, one line per target group or node found.
 */
export class TenantSelector {
  /** The placeholder stem the widgets are written for. */
  public readonly placeholder: string;
  /** The dashboard variable `tenant`. */
  public readonly variable: cloudwatch.DashboardVariable;

  /** The names of the placeholder tenant, which the chosen tenant's replace. */
  private readonly tenant: TenantNames;

  constructor(private readonly names: EnvironmentNames) {
    this.tenant = new TenantNames(names.prefix, names.environment, PLACEHOLDER_TENANT);
    this.placeholder = this.tenant.stem;
    this.variable = new cloudwatch.DashboardVariable({
      id: 'tenant',
      label: 'Tenant',
      type: cloudwatch.VariableType.PATTERN,
      inputType: cloudwatch.VariableInputType.SELECT,
      value: this.placeholder,
      values: cloudwatch.Values.fromSearch(
        `{AWS/RDS,DBInstanceIdentifier} MetricName="CPUUtilization" DBInstanceIdentifier=${names.prefix} DBInstanceIdentifier=${names.environment}`,
        'DBInstanceIdentifier'),
      defaultValue: cloudwatch.DefaultValue.FIRST,
      visible: true,
    });
  }

  /** The rows of widgets showing the selected tenant, in dashboard order. */
  widgets(): cloudwatch.IWidget[][] {
    const tenant = this.tenant;
    const cluster = this.names.cluster;
    const fiveMinutes = Duration.minutes(5);
    const service = (role: ServiceRole) => tenant.service(role);
    const search = (schema: string, metricName: string, term: string, statistic: string, label: string) => new cloudwatch.SearchExpression({
      expression: `SEARCH('{${schema}} MetricName="${metricName}" ${term}', '${statistic}', 300)`,
      label,
      period: fiveMinutes,
    });
    const targetGroup = (metricName: string, statistic: string, label: string) =>
      search('AWS/ApplicationELB,LoadBalancer,TargetGroup', metricName, `TargetGroup=${tenant.targetGroup}`, statistic, label);
    const cacheNodes = (metricName: string, statistic: string, label: string) =>
      search('AWS/ElastiCache,CacheClusterId', metricName, `CacheClusterId=${tenant.cacheReplicationGroupId}`, statistic, label);
    const database = (metricName: string, statistic: string, label: string) => new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap: { DBInstanceIdentifier: tenant.databaseInstanceIdentifier },
      statistic,
      period: fiveMinutes,
      label,
    });

    return [
      [new cloudwatch.TextWidget({
        markdown: `## Tenant \`${tenant.stem}\`\nChoose the tenant in the **Tenant** selector above: services \`${service('django')}\`, \`${service('celery')}\`, \`${service('beat')}\` on cluster \`${cluster}\`, database \`${tenant.databaseInstanceIdentifier}\` and cache \`${tenant.cacheReplicationGroupId}\`, logs in \`${tenant.logGroup('django')}\` and the like. Its alarms are \`${tenant.alarm('*')}\`.`,
        width: 24,
        height: 2,
      })],
      [
        new cloudwatch.GraphWidget({
          title: 'Tenant: CPU utilization per service (%)',
          left: ROLES.map(([role, label]) => serviceUtilization('CPUUtilization', cluster, service(role), label)),
          leftYAxis: { min: 0, max: 100 },
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: 'Tenant: memory utilization per service (%)',
          left: ROLES.map(([role, label]) => serviceUtilization('MemoryUtilization', cluster, service(role), label)),
          leftYAxis: { min: 0, max: 100 },
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: 'Tenant: running tasks per service',
          left: ROLES.map(([role, label]) => serviceTaskCount('RunningTaskCount', cluster, service(role), { label })),
          leftYAxis: { min: 0 },
          width: 8,
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Tenant: requests and 5xx responses',
          left: [targetGroup('RequestCount', 'Sum', 'Requests')],
          right: [targetGroup('HTTPCode_Target_5XX_Count', 'Sum', '5xx')],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'Tenant: response time p99 (seconds)',
          left: [targetGroup('TargetResponseTime', 'p99', 'p99')],
          width: 12,
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Tenant: database CPU (%)',
          left: [database('CPUUtilization', cloudwatch.Stats.AVERAGE, 'CPU')],
          leftYAxis: { min: 0, max: 100 },
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: 'Tenant: database free storage (GiB)',
          left: [new cloudwatch.MathExpression({
            expression: `bytes / ${GIB}`,
            usingMetrics: { bytes: database('FreeStorageSpace', cloudwatch.Stats.MINIMUM, 'Free storage') },
            label: 'Free storage',
            period: fiveMinutes,
          })],
          leftYAxis: { min: 0 },
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: 'Tenant: cache memory used (% of maxmemory)',
          left: [cacheNodes('DatabaseMemoryUsagePercentage', 'Maximum', 'Memory')],
          leftYAxis: { min: 0, max: 100 },
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: 'Tenant: cache engine CPU (%)',
          left: [cacheNodes('EngineCPUUtilization', 'Average', 'CPU')],
          leftYAxis: { min: 0, max: 100 },
          width: 6,
        }),
      ],
    ];
  }
}
