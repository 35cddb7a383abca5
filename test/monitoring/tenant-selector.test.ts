import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { alarmsByName, dashboardBody, resourcesOf, createTenant, PRESET_TIERS } from '../fixtures';

/** The environment dashboard's JSON, references shown as `<ref>`, and its tenant widgets' JSON. */
function environmentDashboard(template: Template) {
  const body = dashboardBody(template, 'mate-dev') as { widgets: Array<{ [key: string]: any }>; variables?: Array<{ [key: string]: any }> };
  const tenantWidgets = body.widgets.filter((widget) => JSON.stringify(widget).includes('mate-TENANT-dev'));
  return { body, tenantWidgets };
}

describe('per-tenant dashboards are an opt-in', () => {
  test.each(PRESET_TIERS)('%s: by default a tenant has its alarms but no dashboard of its own', (_name, tier) => {
    const { template, tenant } = createTenant({ tier });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(tenant.dashboard).toBeUndefined();
    expect(Object.keys(alarmsByName(template))).toHaveLength(9);
  });

  test('dashboard: true gives the tenant its dashboard mate-demo-dev', () => {
    const { template, tenant } = createTenant({ dashboard: true });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'mate-demo-dev' });
    expect(tenant.dashboard).toBeDefined();
  });

  test('fails when a dashboard is asked for with monitoring off', () => {
    expect(() => createTenant({ dashboard: true, monitoring: false }))
      .toThrow(/Invalid MateTenant 'demo':\n {2}- dashboard is true but monitoring is false/);
  });
});

describe('the environment dashboard\'s tenant selector', () => {
  const fixture = createTenant({}, 'acme-eu');
  const baseTemplate = Template.fromStack(Stack.of(fixture.base));
  const { body, tenantWidgets } = environmentDashboard(baseTemplate);

  test('is a pattern variable choosing among the environment\'s RDS instances, the first one chosen on opening', () => {
    expect(body.variables).toEqual([{
      type: 'pattern',
      pattern: 'mate-TENANT-dev',
      inputType: 'select',
      id: 'tenant',
      label: 'Tenant',
      visible: true,
      defaultValue: '__FIRST',
      search: '{AWS/RDS,DBInstanceIdentifier} MetricName="CPUUtilization" DBInstanceIdentifier=mate DBInstanceIdentifier=dev',
      populateFrom: 'DBInstanceIdentifier',
    }]);
  });

  test('the values it offers are tenants\' stems: a tenant\'s RDS instance identifier is its stem', () => {
    fixture.template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceIdentifier: 'mate-acme-eu-dev' });
  });

  test('shows the chosen tenant\'s services, tasks, requests, latency, database and cache', () => {
    const titles = tenantWidgets.filter((widget) => widget.type === 'metric').map((widget) => widget.properties.title);
    expect(titles).toEqual([
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

  test('with a tenant chosen, every name it graphs is a name of that tenant\'s resources', () => {
    // What CloudWatch does when tenant acme-eu is chosen: replace the pattern everywhere.
    const chosen = JSON.parse(JSON.stringify(tenantWidgets).split('mate-TENANT-dev').join('mate-acme-eu-dev'));
    const lines: unknown[][] = chosen.filter((widget: any) => widget.type === 'metric').flatMap((widget: any) => widget.properties.metrics);
    const dimension = (name: string) => lines.flatMap((line) => line.flatMap((part, index) => (part === name ? [line[index + 1]] : [])));

    const services = Object.values(resourcesOf(fixture.template, 'AWS::ECS::Service')).map((service) => service.Properties.ServiceName);
    expect(new Set(dimension('ServiceName'))).toEqual(new Set(services));
    expect(new Set(dimension('ClusterName'))).toEqual(new Set(['mate-dev']));
    expect(new Set(dimension('DBInstanceIdentifier'))).toEqual(new Set(['mate-acme-eu-dev']));

    // Target group and cache node names have suffixes the environment cannot know; their graphs search for the stem.
    const searches = lines.map((line) => (line[0] as { expression?: string }).expression).filter((expression): expression is string => !!expression && expression.startsWith('SEARCH'));
    fixture.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Name: 'mate-acme-eu-dev' });
    fixture.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { ReplicationGroupId: 'mate-acme-eu-dev' });
    expect(searches).toEqual(expect.arrayContaining([
      'SEARCH(\'{AWS/ApplicationELB,LoadBalancer,TargetGroup} MetricName="HTTPCode_Target_5XX_Count" TargetGroup=mate-acme-eu-dev\', \'Sum\', 300)',
      'SEARCH(\'{AWS/ApplicationELB,LoadBalancer,TargetGroup} MetricName="TargetResponseTime" TargetGroup=mate-acme-eu-dev\', \'p99\', 300)',
      'SEARCH(\'{AWS/ElastiCache,CacheClusterId} MetricName="DatabaseMemoryUsagePercentage" CacheClusterId=mate-acme-eu-dev\', \'Maximum\', 300)',
    ]));
  });

  test('the placeholder appears nowhere outside the tenant widgets, so choosing a tenant changes nothing else', () => {
    const others = body.widgets.filter((widget) => !tenantWidgets.includes(widget));
    expect(others.length).toBeGreaterThan(0);
    expect(JSON.stringify(others)).not.toMatch(/TENANT/);
  });
});
