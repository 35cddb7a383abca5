import { dashboardBody, graphMetrics, graphTitles } from './monitoring-fixtures';
import { createBase } from '../base/base-fixtures';

describe('environment dashboard', () => {
  const { template, base } = createBase({}, { env: { account: '123456789012', region: 'eu-west-1' } });
  const body = dashboardBody(template, 'mate-dev');

  test('the base has a dashboard named mate-dev', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'mate-dev' });
    expect(base.dashboard).toBeDefined();
  });

  test('shows the load balancer, WAF and the cluster', () => {
    expect(graphTitles(body)).toEqual([
      'Load balancer requests',
      '5xx responses',
      'Response time of all tenants (seconds)',
      'WAF: blocked vs allowed requests',
      'WAF: blocked requests (% of all)',
      'Cluster mate-dev: utilization of reserved capacity (%)',
      'Cluster mate-dev: reserved capacity',
      'Cluster mate-dev: tasks and services',
    ]);
  });

  test('WAF blocked and allowed requests of the web ACL, for every rule, in the stack\'s region', () => {
    expect(graphMetrics(body, 'WAF: blocked vs allowed requests').map((line) => line.slice(0, 8))).toEqual([
      ['AWS/WAFV2', 'AllowedRequests', 'Region', 'eu-west-1', 'Rule', 'ALL', 'WebACL', 'mate-dev'],
      ['AWS/WAFV2', 'BlockedRequests', 'Region', 'eu-west-1', 'Rule', 'ALL', 'WebACL', 'mate-dev'],
    ]);
    // The WebACL dimension is the web ACL's metric name.
    template.hasResourceProperties('AWS::WAFv2::WebACL', { VisibilityConfig: { MetricName: 'mate-dev' } });
  });

  test('load balancer 5xx responses from the load balancer itself and from the tenants', () => {
    const metricNames = graphMetrics(body, '5xx responses').map((line) => line[1]);
    expect(metricNames).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count']);
    for (const line of graphMetrics(body, '5xx responses')) {
      expect(line.slice(0, 3)).toEqual(['AWS/ApplicationELB', line[1], 'LoadBalancer']);
    }
  });

  test('cluster capacity and tasks from Container Insights', () => {
    const lines = graphMetrics(body, 'Cluster mate-dev: tasks and services');
    expect(lines.map((line) => line.slice(0, 4))).toEqual([
      ['ECS/ContainerInsights', 'TaskCount', 'ClusterName', 'mate-dev'],
      ['ECS/ContainerInsights', 'ServiceCount', 'ClusterName', 'mate-dev'],
    ]);
    const utilization = graphMetrics(body, 'Cluster mate-dev: utilization of reserved capacity (%)');
    const expressions = utilization.filter((line) => typeof (line[0] as any)?.expression === 'string').map((line) => (line[0] as any).expression);
    expect(expressions).toEqual(['100 * cpuUsed / cpuReserved', '100 * memoryUsed / memoryReserved']);
  });

  test('dashboard: false leaves it out', () => {
    const withoutDashboard = createBase({ dashboard: false });
    withoutDashboard.template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(withoutDashboard.base.dashboard).toBeUndefined();
  });
});
