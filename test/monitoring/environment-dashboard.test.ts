import type { Template } from 'aws-cdk-lib/assertions';
import { dashboardBody, graphMetrics, graphTitles, createBase, logicalIdOf } from '../fixtures';

const LOAD_BALANCER_GRAPHS: Array<[string, string[]]> = [
  ['Load balancer requests', ['Requests']],
  ['5xx responses', ['From the load balancer', 'From tenants']],
  ['Response time of all tenants (seconds)', ['p95', 'p99']],
];

/** The body of dashboard `mate-dev` with each load balancer dimension shown as `<logical id of the load balancer>`. */
function bodyWithLoadBalancers(template: Template): { widgets: Array<{ [key: string]: any }> } {
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))
    .find((candidate) => candidate.Properties.DashboardName === 'mate-dev')!;
  const text = (dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map((part: any) => {
    if (typeof part === 'string') {
      return part;
    }
    const [id, attribute] = part['Fn::GetAtt'] ?? [part.Ref, 'Ref'];
    return attribute === 'LoadBalancerFullName' ? `<${id}>` : '<ref>';
  }).join('');
  return JSON.parse(text);
}

/** Each line of graph `title` as `[label, load balancer dimension]`. */
function labelledLines(body: { widgets: Array<{ [key: string]: any }> }, title: string): Array<[string, unknown]> {
  return graphMetrics(body, title).map((line) => [(line[line.length - 1] as { label: string }).label, line[3]]);
}

describe('environment dashboard', () => {
  const { template, base } = createBase({}, { env: { account: '123456789012', region: 'eu-west-1' } });
  const body = dashboardBody(template, 'mate-dev');

  test('the base has a dashboard named mate-dev', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'mate-dev' });
    expect(base.dashboard).toBeDefined();
  });

  test('shows the load balancer, WAF and the cluster, then the tenant chosen in its selector', () => {
    expect(graphTitles(body)).toEqual([
      'Load balancer requests',
      '5xx responses',
      'Response time of all tenants (seconds)',
      'WAF: blocked vs allowed requests',
      'WAF: blocked requests (% of all)',
      'Cluster mate-dev: utilization of reserved capacity (%)',
      'Cluster mate-dev: reserved capacity',
      'Cluster mate-dev: tasks and services',
      'Tenant: CPU utilization per service (%)',
      'Tenant: memory utilization per service (%)',
      'Tenant: running tasks per service',
      'Tenant: requests and 5xx responses',
      'Tenant: response time p99 (seconds)',
      'Tenant: database CPU (%)',
      'Tenant: database free storage (GiB)',
      'Tenant: cache memory used (% of maxmemory)',
      'Tenant: cache engine CPU (%)',
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

describe('environment dashboard of several load balancers', () => {
  const one = createBase();
  const three = createBase({ loadBalancers: 3 });
  const loadBalancerOf = (name: string) => `<${logicalIdOf(three.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', { Name: name })}>`;

  test.each(LOAD_BALANCER_GRAPHS)('with one load balancer, %p keeps its short labels', (title, labels) => {
    const body = bodyWithLoadBalancers(one.template);
    const loadBalancer = `<${logicalIdOf(one.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')}>`;

    expect(labelledLines(body, title)).toEqual(labels.map((label) => [label, loadBalancer]));
  });

  test.each(LOAD_BALANCER_GRAPHS)('with three, %p has one line per load balancer, labelled with its name', (title, labels) => {
    const body = bodyWithLoadBalancers(three.template);

    expect(labelledLines(body, title)).toEqual(labels.flatMap((label) => ['mate-dev', 'mate-dev-2', 'mate-dev-3']
      .map((name): [string, unknown] => [`${label} (${name})`, loadBalancerOf(name)])));
  });

  test('names every load balancer in the text widget', () => {
    const markdownOf = (template: Template) => bodyWithLoadBalancers(template).widgets
      .filter((widget) => widget.type === 'text').map((widget) => widget.properties.markdown);

    expect(markdownOf(one.template)[0]).toEqual(expect.stringContaining('\nLoad balancer `mate-dev`, web ACL `mate-dev`'));
    expect(markdownOf(three.template)[0]).toEqual(expect.stringContaining('\nLoad balancers `mate-dev`, `mate-dev-2`, `mate-dev-3`, web ACL `mate-dev`'));
  });

  test('has as many widgets, with the same titles, as with one load balancer', () => {
    const widgetsOf = (template: Template) => bodyWithLoadBalancers(template).widgets
      .map((widget) => [widget.type, widget.properties.title, widget.width, widget.height]);

    expect(widgetsOf(one.template)).toHaveLength(dashboardBody(one.template, 'mate-dev').widgets.length);
    expect(widgetsOf(three.template)).toEqual(widgetsOf(one.template));
  });
});
