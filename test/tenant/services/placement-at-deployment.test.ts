import { Stack, Token } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { addTenant, createEnvironment, onlyResource, referencedIds, type TenantFixture, type TenantOverrides } from '../../fixtures';

const PLACEMENT_TYPE = 'Custom::MateTenantPlacement';

/** Tenant `demo` with `overrides` on an environment `dev` of two load balancers, synthesized in its own app. */
function tenantWith(overrides: TenantOverrides = {}): TenantFixture {
  return addTenant(createEnvironment({ loadBalancers: 2 }), 'demo', overrides);
}

/** The logical id of the CloudFormation parameter that reads SSM parameter `name`. */
function parameterReading(template: Template, name: string): string {
  const found = Object.entries(template.findParameters('*', { Default: name }));
  expect(found).toHaveLength(1);
  return found[0][0];
}

/** `{ 'Fn::GetAtt': [<placement>, attribute] }`: what the tenant's placement reports at deployment. */
function placementAttribute(template: Template, attribute: string) {
  return { 'Fn::GetAtt': [onlyResource(template, PLACEMENT_TYPE).id, attribute] };
}

/** Tenant `demo` with default props, synthesized once. */
let byDefault: TenantFixture | undefined;
function defaultTenant(): TenantFixture {
  byDefault ??= tenantWith();
  return byDefault;
}

/** The data stores (and their keys and secrets) a tenant the load balancers have no room for must never create. */
const DATA_STORE_TYPES = [
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::RDS::DBInstance',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::S3::Bucket',
  'AWS::EFS::FileSystem',
];

describe('the placement resource', () => {
  test('by default a tenant asks its environment\'s placement function, through SSM, to place tenant demo by its host name', () => {
    const { template } = defaultTenant();
    template.resourceCountIs(PLACEMENT_TYPE, 1);
    const [, placement] = onlyResource(template, PLACEMENT_TYPE);
    expect(placement.Properties).toEqual({
      ServiceToken: { Ref: parameterReading(template, '/mate/dev/tenant-placement-function/arn') },
      // The function answers within its 5 minutes; CloudFormation would otherwise wait an hour if it died unanswered.
      ServiceTimeout: '600',
      TenantId: 'demo',
      HostName: 'demo.mate.example.com',
    });
  });

  test('the placement function is told the tenant\'s first host name only', () => {
    const { template } = tenantWith({ additionalHostNames: ['app.customer.com', 'customer.example.org'] });
    expect(onlyResource(template, PLACEMENT_TYPE).resource.Properties.HostName).toBe('demo.mate.example.com');
  });

  test.each([0, 1])('loadBalancerIndex %d restricts the placement to that load balancer: the resource carries LoadBalancerIndex', (index) => {
    const { template } = tenantWith({ loadBalancerIndex: index });
    expect(onlyResource(template, PLACEMENT_TYPE).resource.Properties).toEqual({
      ServiceToken: { Ref: parameterReading(template, '/mate/dev/tenant-placement-function/arn') },
      ServiceTimeout: '600',
      TenantId: 'demo',
      HostName: 'demo.mate.example.com',
      LoadBalancerIndex: index,
    });
  });

  test.each([
    ['without loadBalancerIndex', {}, 'load-balancer'],
    ['with loadBalancerIndex 1', { loadBalancerIndex: 1 }, 'load-balancer-2'],
  ])('with listenerRulePriority there is no placement resource: a tenant %s has its rule, with that priority, on the HTTPS listener of %s', (_name, overrides, parameterDirectory) => {
    const { template, tenant } = tenantWith({ ...overrides, listenerRulePriority: 42 });
    template.resourceCountIs(PLACEMENT_TYPE, 0);
    expect(Object.keys(template.findParameters('*', { Default: '/mate/dev/tenant-placement-function/arn' }))).toEqual([]);
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    // base.httpsListeners[index], read in the tenant's stack from the environment's SSM parameter.
    expect(rule.Properties.ListenerArn).toEqual({ Ref: parameterReading(template, `/mate/dev/${parameterDirectory}/https-listener-arn`) });
    expect(rule.Properties.Priority).toBe(42);
    expect(tenant.listenerRulePriority).toBe(42);
    expect(tenant.loadBalancerIndex).toBe((overrides as TenantOverrides).loadBalancerIndex ?? 0);
  });
});

describe('everything the placement decides follows its attributes', () => {
  test('the listener rule is on the listener, and at the priority, the placement reports', () => {
    const { template } = defaultTenant();
    const [targetGroupId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties).toEqual({
      ListenerArn: placementAttribute(template, 'ListenerArn'),
      Priority: placementAttribute(template, 'Priority'),
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['demo.mate.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: targetGroupId } }],
    });
  });

  test('the tenant\'s listenerRulePriority and loadBalancerIndex are tokens of the placement\'s Priority and LoadBalancerIndex', () => {
    const { template, tenant } = defaultTenant();
    expect(Token.isUnresolved(tenant.listenerRulePriority)).toBe(true);
    expect(Token.isUnresolved(tenant.loadBalancerIndex)).toBe(true);
    expect(Stack.of(tenant).resolve(tenant.listenerRulePriority)).toEqual(placementAttribute(template, 'Priority'));
    expect(Stack.of(tenant).resolve(tenant.loadBalancerIndex)).toEqual(placementAttribute(template, 'LoadBalancerIndex'));
  });

  test('the tenant\'s load balancer is the one the placement reports', () => {
    const { template, tenant } = defaultTenant();
    const stack = Stack.of(tenant);
    expect(stack.resolve(tenant.loadBalancer.loadBalancerArn)).toEqual(placementAttribute(template, 'LoadBalancerArn'));
    expect(stack.resolve(tenant.loadBalancer.loadBalancerDnsName)).toEqual(placementAttribute(template, 'DnsName'));
    expect(stack.resolve(tenant.loadBalancer.loadBalancerCanonicalHostedZoneId)).toEqual(placementAttribute(template, 'CanonicalHostedZoneId'));
  });

  test('the LoadBalancerDnsName output is the DNS name the placement reports', () => {
    const { template } = defaultTenant();
    template.hasOutput('LoadBalancerDnsNameDemo', { Value: placementAttribute(template, 'DnsName') });
  });

  test('every load balancer metric of the tenant names the load balancer of the listener the placement reports', () => {
    const { template } = defaultTenant();
    const part = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': ['/', placementAttribute(template, 'ListenerArn')] }] });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .filter((alarm: any) => JSON.stringify(alarm.Properties).includes('AWS/ApplicationELB'));
    expect(alarms.length).toBeGreaterThan(0);
    const dimensions = alarms.flatMap((alarm: any) => [
      ...alarm.Properties.Dimensions ?? [],
      ...(alarm.Properties.Metrics ?? []).flatMap((metric: any) => metric.MetricStat?.Metric.Dimensions ?? []),
    ]).filter((dimension: any) => dimension.Name === 'LoadBalancer');
    expect(dimensions.length).toBeGreaterThanOrEqual(alarms.length);
    for (const dimension of dimensions) {
      expect(dimension.Value).toEqual({ 'Fn::Join': ['', [part(1), '/', part(2), '/', part(3)]] });
    }
  });
});

describe('the placement comes before the data stores', () => {
  test.each(DATA_STORE_TYPES)('every %s of the tenant depends on the placement', (type) => {
    const { template } = defaultTenant();
    const placementId = onlyResource(template, PLACEMENT_TYPE).id;
    const resources = Object.entries(template.findResources(type));
    expect(resources.length).toBeGreaterThan(0);
    for (const [id, resource] of resources) {
      expect({ id, dependsOn: resource.DependsOn }).toEqual({ id, dependsOn: expect.arrayContaining([placementId]) });
    }
  });

  test('the placement itself waits for nothing of the tenant', () => {
    const { template } = defaultTenant();
    const [, placement] = onlyResource(template, PLACEMENT_TYPE);
    expect(placement.DependsOn).toBeUndefined();
    expect(referencedIds(placement.Properties).filter((id) => template.toJSON().Resources[id] !== undefined)).toEqual([]);
  });

  test('a tenant that pins listenerRulePriority creates its data stores without waiting for a placement', () => {
    const { template } = tenantWith({ listenerRulePriority: 42 });
    for (const type of DATA_STORE_TYPES) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(JSON.stringify(resource.DependsOn ?? [])).not.toMatch(/Placement/);
      }
    }
  });
});
