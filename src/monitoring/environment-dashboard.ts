import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { clusterMetric } from './container-insights';
import { TenantSelector } from './tenant-selector';
import type { EnvironmentNames } from '../naming';

/** What the environment's dashboard shows. Private: built by `MateBaseInfra`. */
export interface EnvironmentDashboardProps {
  readonly names: EnvironmentNames;
  /** Every load balancer of the environment, in index order. */
  readonly loadBalancers: elbv2.IApplicationLoadBalancer[];
  /** The web ACL's metric name, which WAF publishes its metrics under (the `WebACL` dimension). */
  readonly webAclMetricName: string;
}

/**
 * The environment's CloudWatch dashboard `<prefix>-<env>`: traffic of the shared load balancers, what WAF blocks and
 * allows, how much of the shared cluster the tenants' tasks use, and, through its tenant selector (a dashboard
 * variable), any one tenant's services, requests, database and cache. One dashboard for every tenant: a dashboard
 * per tenant is an opt-in of `MateTenant` (`dashboard`).
 *
 * With several load balancers each graph has one line per load balancer, labelled with its name; the number of
 * widgets stays the same.
 */
export class EnvironmentDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: EnvironmentDashboardProps) {
    super(scope, id);
    const { names, loadBalancers } = props;
    const fiveMinutes = Duration.minutes(5);
    // One line per load balancer; with a single one the labels stay as short as they were.
    const perLoadBalancer = (metric: (loadBalancer: elbv2.IApplicationLoadBalancer, label: string) => cloudwatch.IMetric, label: string) =>
      loadBalancers.map((loadBalancer, index) => metric(loadBalancer,
        loadBalancers.length === 1 ? label : `${label} (${names.loadBalancer(index)})`));
    const clusterName = names.cluster;
    const waf = (metricName: 'AllowedRequests' | 'BlockedRequests', label: string) => new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      // Rule ALL counts the web ACL's decisions for every request, whichever rule made them.
      dimensionsMap: { WebACL: props.webAclMetricName, Region: Stack.of(this).region, Rule: 'ALL' },
      statistic: cloudwatch.Stats.SUM,
      period: fiveMinutes,
      label,
    });
    // Metric ids must be unique within a graph, so each resource gets its own pair.
    const percentReserved = (resource: 'cpu' | 'memory', label: string) => new cloudwatch.MathExpression({
      expression: `100 * ${resource}Used / ${resource}Reserved`,
      usingMetrics: {
        [`${resource}Used`]: clusterMetric(resource === 'cpu' ? 'CpuUtilized' : 'MemoryUtilized', clusterName),
        [`${resource}Reserved`]: clusterMetric(resource === 'cpu' ? 'CpuReserved' : 'MemoryReserved', clusterName),
      },
      label,
      period: fiveMinutes,
    });

    const tenantSelector = new TenantSelector(names);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: names.dashboard,
      defaultInterval: Duration.hours(3),
      variables: [tenantSelector.variable],
    });

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# MATE environment ${names.environment}\n${loadBalancerList(names, loadBalancers.length)}, web ACL \`${names.webAcl}\`, cluster \`${clusterName}\`. One tenant at a time below: choose it in the **Tenant** selector.`,
        width: 24,
        height: 2,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Load balancer requests',
        left: perLoadBalancer((loadBalancer, label) => loadBalancer.metrics.requestCount({ period: fiveMinutes, label }), 'Requests'),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: '5xx responses',
        left: [
          ...perLoadBalancer((loadBalancer, label) =>
            loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: fiveMinutes, label }), 'From the load balancer'),
          ...perLoadBalancer((loadBalancer, label) =>
            loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: fiveMinutes, label }), 'From tenants'),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Response time of all tenants (seconds)',
        left: [
          ...perLoadBalancer((loadBalancer, label) =>
            loadBalancer.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(95), period: fiveMinutes, label }), 'p95'),
          ...perLoadBalancer((loadBalancer, label) =>
            loadBalancer.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(99), period: fiveMinutes, label }), 'p99'),
        ],
        width: 8,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'WAF: blocked vs allowed requests',
        left: [waf('AllowedRequests', 'Allowed'), waf('BlockedRequests', 'Blocked')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'WAF: blocked requests (% of all)',
        left: [new cloudwatch.MathExpression({
          expression: '100 * FILL(blocked, 0) / (FILL(blocked, 0) + FILL(allowed, 0))',
          usingMetrics: { blocked: waf('BlockedRequests', 'Blocked'), allowed: waf('AllowedRequests', 'Allowed') },
          label: 'Blocked',
          period: fiveMinutes,
        })],
        leftYAxis: { min: 0, max: 100 },
        width: 12,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `Cluster ${clusterName}: utilization of reserved capacity (%)`,
        left: [
          percentReserved('cpu', 'CPU'),
          percentReserved('memory', 'Memory'),
        ],
        leftYAxis: { min: 0, max: 100 },
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: `Cluster ${clusterName}: reserved capacity`,
        left: [clusterMetric('CpuReserved', clusterName, { label: 'CPU units' })],
        right: [clusterMetric('MemoryReserved', clusterName, { label: 'Memory (MiB)' })],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: `Cluster ${clusterName}: tasks and services`,
        left: [
          clusterMetric('TaskCount', clusterName, { label: 'Running tasks' }),
          clusterMetric('ServiceCount', clusterName, { label: 'Services' }),
        ],
        leftYAxis: { min: 0 },
        width: 8,
      }),
    );

    for (const row of tenantSelector.widgets()) {
      this.dashboard.addWidgets(...row);
    }
  }
}

/** `Load balancer \`mate-dev\``, or `Load balancers \`mate-dev\`, \`mate-dev-2\`` with several. */
function loadBalancerList(names: EnvironmentNames, count: number): string {
  const list = Array.from({ length: count }, (_, index) => `\`${names.loadBalancer(index)}\``).join(', ');
  return `${count === 1 ? 'Load balancer' : 'Load balancers'} ${list}`;
}
