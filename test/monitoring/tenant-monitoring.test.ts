import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra } from '../../src/base';
import { MateTenant } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';
import { alarmsByName, dashboardBody, graphMetrics, graphTitles, createTenant, PRESET_TIERS, type TenantFixture } from '../fixtures';

const ALARM_NAMES = [
  'mate-demo-dev-http-5xx-rate',
  'mate-demo-dev-unhealthy-targets',
  'mate-demo-dev-p99-latency',
  'mate-demo-dev-database-cpu',
  'mate-demo-dev-database-free-storage',
  'mate-demo-dev-cache-memory',
  'mate-demo-dev-cache-evictions',
  'mate-demo-dev-django-not-running',
  'mate-demo-dev-beat-not-running',
];

/** The tenants of the tier presets, with a dashboard of their own (an opt-in), synthesized once. */
const byTier = new Map<string, TenantFixture>();
function tenantOn(_label: string, tier: TenantTier): TenantFixture {
  const existing = byTier.get(tier.name);
  if (existing) {
    return existing;
  }
  const fixture = createTenant({ tier, dashboard: true });
  byTier.set(tier.name, fixture);
  return fixture;
}

describe('tenant monitoring', () => {
  test.each(PRESET_TIERS)('%s: with dashboard, a dashboard mate-demo-dev and the nine actionable alarms', (tierName, tier) => {
    const { template, tenant } = tenantOn(tierName, tier);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'mate-demo-dev' });
    expect(Object.keys(alarmsByName(template)).sort()).toEqual([...ALARM_NAMES].sort());
    expect(tenant.alarms).toHaveLength(ALARM_NAMES.length);
    expect(tenant.dashboard).toBeDefined();
  });

  test.each(PRESET_TIERS)('%s: every alarm notifies the environment\'s alarm topic when it goes off and when it recovers', (tierName, tier) => {
    const { template } = tenantOn(tierName, tier);
    // The base's topic, as the tenant's stack reads it: from the environment's SSM parameter.
    const topic = [{ Ref: expect.stringMatching(/^SsmParameterValuematedevalarmtopicarn/) }];
    for (const [name, alarm] of Object.entries(alarmsByName(template))) {
      expect({ name, enabled: alarm.ActionsEnabled, alarm: alarm.AlarmActions, ok: alarm.OKActions })
        .toEqual({ name, enabled: true, alarm: topic, ok: topic });
    }
  });

  test.each([
    ['trial', TenantTier.TRIAL, { rate: 5, p99: 5, cpu: 90, memory: 90, evictions: 1000, minutes: 15 }],
    ['standard', TenantTier.STANDARD, { rate: 2, p99: 3, cpu: 80, memory: 85, evictions: 100, minutes: 10 }],
    ['enterprise', TenantTier.ENTERPRISE, { rate: 1, p99: 2, cpu: 75, memory: 80, evictions: 10, minutes: 5 }],
  ])('%s: thresholds follow the tier', (tierName, tier, expected) => {
    const alarms = alarmsByName(tenantOn(tierName, tier).template);
    expect(alarms['mate-demo-dev-http-5xx-rate'].Threshold).toBe(expected.rate);
    expect(alarms['mate-demo-dev-p99-latency'].Threshold).toBe(expected.p99);
    expect(alarms['mate-demo-dev-database-cpu'].Threshold).toBe(expected.cpu);
    expect(alarms['mate-demo-dev-cache-memory'].Threshold).toBe(expected.memory);
    expect(alarms['mate-demo-dev-cache-evictions'].Threshold).toBe(expected.evictions);
    expect(alarms['mate-demo-dev-django-not-running'].EvaluationPeriods).toBe(expected.minutes);
    expect(alarms['mate-demo-dev-beat-not-running'].EvaluationPeriods).toBe(expected.minutes);
    expect(alarms['mate-demo-dev-database-free-storage'].Threshold).toBe(2 * 1024 ** 3);
    expect(alarms['mate-demo-dev-unhealthy-targets'].Threshold).toBe(1);
  });

  test('missing data is treated as each alarm needs', () => {
    const alarms = alarmsByName(tenantOn('TRIAL', TenantTier.TRIAL).template);
    const treatment = Object.fromEntries(Object.entries(alarms).map(([name, alarm]) => [name.replace('mate-demo-dev-', ''), alarm.TreatMissingData]));
    expect(treatment).toEqual({
      'http-5xx-rate': 'notBreaching',
      'unhealthy-targets': 'notBreaching',
      'p99-latency': 'notBreaching',
      'database-cpu': 'missing',
      'database-free-storage': 'missing',
      'cache-memory': 'missing',
      'cache-evictions': 'missing',
      'django-not-running': 'breaching',
      'beat-not-running': 'breaching',
    });
  });

  test('the 5xx rate ignores quiet periods and compares Django\'s 5xx responses with the target group\'s requests', () => {
    const alarm = alarmsByName(tenantOn('TRIAL', TenantTier.TRIAL).template)['mate-demo-dev-http-5xx-rate'];
    expect(alarm.Metrics[0].Expression).toBe('IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)');
    const metricNames = alarm.Metrics.slice(1).map((metric: any) => metric.MetricStat.Metric.MetricName);
    expect(metricNames).toEqual(['RequestCount', 'HTTPCode_Target_5XX_Count']);
    for (const metric of alarm.Metrics.slice(1)) {
      expect(metric.MetricStat.Metric.Dimensions.map((dimension: any) => dimension.Name).sort()).toEqual(['LoadBalancer', 'TargetGroup']);
      expect(metric.MetricStat.Metric.Dimensions.find((dimension: any) => dimension.Name === 'TargetGroup').Value)
        .toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TenantServicesDjangoRoutingTargetGroup/), 'TargetGroupFullName'] });
    }
  });

  test('the not-running alarms read Container Insights by cluster and service name', () => {
    const template = tenantOn('TRIAL', TenantTier.TRIAL).template;
    for (const role of ['django', 'beat']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `mate-demo-dev-${role}-not-running`,
        Namespace: 'ECS/ContainerInsights',
        MetricName: 'RunningTaskCount',
        Dimensions: Match.arrayWith([
          { Name: 'ClusterName', Value: 'mate-dev' },
          { Name: 'ServiceName', Value: `mate-demo-dev-${role}` },
        ]),
        Statistic: 'Maximum',
        Period: 60,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
      });
    }
  });

  test('the database alarms watch the tenant\'s own instance', () => {
    const template = tenantOn('TRIAL', TenantTier.TRIAL).template;
    const instanceRef = { Ref: Match.stringLikeRegexp('^TenantDataDatabase') };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mate-demo-dev-database-free-storage',
      MetricName: 'FreeStorageSpace',
      Namespace: 'AWS/RDS',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: instanceRef }],
      Statistic: 'Minimum',
      ComparisonOperator: 'LessThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mate-demo-dev-database-cpu',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: instanceRef }],
    });
  });

  test.each([
    ['TRIAL', ['mate-demo-dev-001'], TenantTier.TRIAL],
    ['STANDARD', ['mate-demo-dev-001'], TenantTier.STANDARD],
    ['ENTERPRISE', ['mate-demo-dev-001', 'mate-demo-dev-002'], TenantTier.ENTERPRISE],
  ])('%s: cache alarms watch the worst of the nodes %j', (tierName, nodes, tier) => {
    const alarms = alarmsByName(tenantOn(tierName, tier).template);
    for (const [name, metricName] of [['mate-demo-dev-cache-memory', 'DatabaseMemoryUsagePercentage'], ['mate-demo-dev-cache-evictions', 'Evictions']]) {
      const stats = alarms[name].Metrics.filter((metric: any) => metric.MetricStat).map((metric: any) => metric.MetricStat.Metric);
      expect(stats.map((metric: any) => metric.Dimensions)).toEqual(nodes.map((node) => [{ Name: 'CacheClusterId', Value: node }]));
      expect(stats.map((metric: any) => metric.MetricName)).toEqual(nodes.map(() => metricName));
      const expressions = alarms[name].Metrics.filter((metric: any) => metric.Expression).map((metric: any) => metric.Expression);
      expect(expressions).toEqual(nodes.length > 1 ? ['MAX([node1, node2])'] : []);
    }
  });

  test('overridden thresholds replace the tier\'s', () => {
    const { template } = createTenant({
      tier: TenantTier.STANDARD,
      databaseAllocatedStorageGiB: 100,
      alarmThresholds: { http5xxRatePercent: 0.5, p99Latency: Duration.millis(1500), databaseFreeStorageGiB: 25, notRunningMinutes: 3 },
    });
    const alarms = alarmsByName(template);
    expect(alarms['mate-demo-dev-http-5xx-rate'].Threshold).toBe(0.5);
    expect(alarms['mate-demo-dev-p99-latency'].Threshold).toBe(1.5);
    expect(alarms['mate-demo-dev-database-free-storage'].Threshold).toBe(25 * 1024 ** 3);
    expect(alarms['mate-demo-dev-beat-not-running'].EvaluationPeriods).toBe(3);
    expect(alarms['mate-demo-dev-database-cpu'].Threshold).toBe(80);
  });

  test('the free-storage default follows the starting storage', () => {
    const alarms = alarmsByName(createTenant({ databaseAllocatedStorageGiB: 40 }).template);
    expect(alarms['mate-demo-dev-database-free-storage'].Threshold).toBe(4 * 1024 ** 3);
  });

  test('monitoring: false creates neither dashboard nor alarms', () => {
    const { template, tenant } = createTenant({ monitoring: false });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(tenant.alarms).toEqual([]);
    expect(tenant.dashboard).toBeUndefined();
  });

  test('fails when alarm thresholds are invalid, naming every prop in one error', () => {
    expect(() => createTenant({ alarmThresholds: { databaseCpuPercent: 0, cacheEvictions: -1 } })).toThrow(
      /Invalid MateTenant 'demo':\n {2}- alarmThresholds\.databaseCpuPercent 0 must be a percentage from 1 to 100\n {2}- alarmThresholds\.cacheEvictions -1 must be a whole number of at least 1/,
    );
  });

  test('fails when alarm thresholds are given with monitoring off', () => {
    expect(() => createTenant({ monitoring: false, alarmThresholds: { databaseCpuPercent: 70 } }))
      .toThrow(/alarmThresholds is set but monitoring is false/);
  });

  describe('dashboard', () => {
    test.each(PRESET_TIERS)('%s: shows requests, latency, targets, every service, the database and the cache', (tierName, tier) => {
      const body = dashboardBody(tenantOn(tierName, tier).template, 'mate-demo-dev');
      expect(graphTitles(body)).toEqual([
        'Requests and Django 5xx responses',
        'Response time (seconds)',
        'Django targets',
        'CPU utilization per service (%)',
        'Memory utilization per service (%)',
        'Django: running vs desired tasks',
        'Celery worker: running vs desired tasks',
        'Celery Beat: running vs desired tasks',
        'Database CPU (%)',
        'Database connections',
        'Database free storage (GiB)',
        'Database read / write latency (seconds)',
        'Cache engine CPU (%)',
        'Cache memory used (% of maxmemory)',
        'Cache evictions (per 5 minutes)',
        'Cache connections',
      ]);
      const alarmWidget = body.widgets.find((widget) => widget.type === 'alarm');
      expect(alarmWidget?.properties.alarms).toHaveLength(ALARM_NAMES.length);
    });

    test('running vs desired tasks come from Container Insights per service', () => {
      const body = dashboardBody(tenantOn('TRIAL', TenantTier.TRIAL).template, 'mate-demo-dev');
      expect(graphMetrics(body, 'Celery worker: running vs desired tasks').map((line) => line.slice(0, 6))).toEqual([
        ['ECS/ContainerInsights', 'RunningTaskCount', 'ClusterName', 'mate-dev', 'ServiceName', 'mate-demo-dev-celery'],
        ['ECS/ContainerInsights', 'DesiredTaskCount', 'ClusterName', 'mate-dev', 'ServiceName', 'mate-demo-dev-celery'],
      ]);
      expect(graphMetrics(body, 'CPU utilization per service (%)').map((line) => line[5]))
        .toEqual(['mate-demo-dev-django', 'mate-demo-dev-celery', 'mate-demo-dev-beat']);
    });

    test('response time shows p95 and p99 with the p99 alarm threshold', () => {
      const body = dashboardBody(tenantOn('STANDARD', TenantTier.STANDARD).template, 'mate-demo-dev');
      const widget = body.widgets.find((candidate) => candidate.properties?.title === 'Response time (seconds)');
      expect(widget?.properties.metrics.map((line: any[]) => line[line.length - 1].stat)).toEqual(['p95', 'p99']);
      expect(widget?.properties.annotations.horizontal).toEqual([expect.objectContaining({ value: 3, label: 'p99 alarm' })]);
    });

    test('the enterprise cache graphs have one line per node', () => {
      const body = dashboardBody(tenantOn('ENTERPRISE', TenantTier.ENTERPRISE).template, 'mate-demo-dev');
      expect(graphMetrics(body, 'Cache evictions (per 5 minutes)').map((line) => line[3])).toEqual(['mate-demo-dev-001', 'mate-demo-dev-002']);
    });
  });

  /** Tenant `acme` with `overrides` on environment `dev` imported by name, and its unhealthy-targets alarm. */
  function onImportedEnvironment(overrides: { listenerRulePriority?: number } = {}) {
    const app = new App();
    const stack = new Stack(app, 'MateTenant-acme-dev');
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', { domainName: 'mate.example.com' });
    new MateTenant(stack, 'Tenant', {
      base,
      tenantId: 'acme',
      tier: TenantTier.TRIAL,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/mate:1.0.0'),
      ...overrides,
    });
    const template = Template.fromStack(stack);
    const alarm = alarmsByName(template)['mate-acme-dev-unhealthy-targets'];
    const loadBalancer = alarm.Dimensions.find((dimension: any) => dimension.Name === 'LoadBalancer').Value;
    return { template, alarm, loadBalancer };
  }

  test('a tenant on an environment imported by name watches the load balancer its placement chose, and the topic from SSM', () => {
    const { template, alarm, loadBalancer } = onImportedEnvironment();
    const placementId = Object.keys(template.findResources('Custom::MateTenantPlacement'))[0];
    const part = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': ['/', { 'Fn::GetAtt': [placementId, 'ListenerArn'] }] }] });
    expect(loadBalancer).toEqual({ 'Fn::Join': ['', [part(1), '/', part(2), '/', part(3)]] });
    expect(JSON.stringify(alarm.AlarmActions)).toContain('SsmParameterValuematedevalarmtopicarn');
  });

  test('a tenant that pins its priority on an environment imported by name watches the listener\'s load balancer and the topic from SSM', () => {
    const { alarm, loadBalancer } = onImportedEnvironment({ listenerRulePriority: 42 });
    expect(JSON.stringify(loadBalancer)).toContain('SsmParameterValuematedevloadbalancerhttpslistenerarn');
    expect(JSON.stringify(alarm.AlarmActions)).toContain('SsmParameterValuematedevalarmtopicarn');
  });
});
