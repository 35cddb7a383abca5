import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MateBaseInfra, type MateBaseInfraProps } from '../../../src/base';
import { MateTenant } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { addTenant, createEnvironment, ENV, IMAGE, onlyResource, type Environment, type TenantOverrides } from '../../fixtures';

interface Placed extends Environment {
  readonly tenant: MateTenant;
  readonly template: Template;
}

/** An environment `dev` with `baseProps`, and tenant `tenantId` with `tenantProps` in a stack of its own. */
function place(baseProps: Parameters<typeof createEnvironment>[0], tenantProps: TenantOverrides = {}, tenantId = 'demo'): Placed {
  const environment = createEnvironment(baseProps);
  const fixture = addTenant(environment, tenantId, tenantProps);
  return { ...environment, tenant: fixture.tenant, get template() { return fixture.template; } };
}

/** The SSM parameter names the template reads, from the defaults of its CloudFormation parameters. */
function parametersRead(template: Template): string[] {
  return Object.values(template.findParameters('*')).map((parameter: any) => parameter.Default).filter((name) => typeof name === 'string');
}

/** The logical id of the CloudFormation parameter that reads SSM parameter `name`. */
function parameterReading(template: Template, name: string): string {
  const found = Object.entries(template.findParameters('*', { Default: name }));
  expect(found).toHaveLength(1);
  return found[0][0];
}

/** The parameters of the environment's load balancers and their listeners that the template reads. */
function loadBalancerParametersRead(template: Template): string[] {
  return parametersRead(template).filter((name) => /\/load-balancer(-\d+)?\/(arn|https-listener-arn|dns-name|canonical-hosted-zone-id)$/.test(name));
}

/** The logical id of the tenant's only `Custom::MateTenantPlacement` resource. */
function placementId(template: Template): string {
  return onlyResource(template, 'Custom::MateTenantPlacement').id;
}

/** `{ 'Fn::GetAtt': [<placement>, attribute] }`: what the placement reports at deployment. */
function placementAttribute(template: Template, attribute: string) {
  return { 'Fn::GetAtt': [placementId(template), attribute] };
}

/** `app/<name>/<id>` of the load balancer of `listenerArn` (`arn:...:listener/app/<name>/<id>/<listener-id>`). */
function loadBalancerFullNameOf(listenerArn: unknown) {
  const part = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': ['/', listenerArn] }] });
  return { 'Fn::Join': ['', [part(1), '/', part(2), '/', part(3)]] };
}

/** The LoadBalancer dimension of each of the tenant's load balancer alarms. */
function alarmLoadBalancers(template: Template): unknown[] {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/ApplicationELB' } }));
  expect(alarms.length).toBeGreaterThan(0);
  return alarms.map((alarm: any) => alarm.Properties.Dimensions.find((dimension: any) => dimension.Name === 'LoadBalancer').Value);
}

/** Like `place`, with a base that has the hosted zone of example.com. */
function placeWithZone(baseProps: Partial<MateBaseInfraProps>, tenantProps: TenantOverrides = {}): Placed {
  return place((baseStack) => ({
    certificate: undefined,
    hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(baseStack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' }),
    ...baseProps,
  }), tenantProps);
}

/** A tenant placed at deployment, and one that pins its priority (placed at synthesis), for `test.each`. */
const BOTH_PLACEMENTS: Array<[string, TenantOverrides]> = [
  ['placed at deployment', {}],
  ['pinned to priority 42', { listenerRulePriority: 42 }],
];

describe('placement at deployment (listenerRulePriority left out)', () => {
  test('by default the environment\'s placement function chooses the load balancer: the rule is on the listener it reports, and the tenant reads no load balancer', () => {
    const { tenant, template, base } = place({ loadBalancers: 3 });
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties.ListenerArn).toEqual(placementAttribute(template, 'ListenerArn'));
    expect(rule.Properties.Priority).toEqual(placementAttribute(template, 'Priority'));
    expect(onlyResource(template, 'Custom::MateTenantPlacement').resource.Properties.LoadBalancerIndex).toBeUndefined();
    expect(loadBalancerParametersRead(template)).toEqual([]);
    expect(Token.isUnresolved(tenant.loadBalancerIndex)).toBe(true);
    expect(Stack.of(tenant).resolve(tenant.loadBalancerIndex)).toEqual(placementAttribute(template, 'LoadBalancerIndex'));
    expect(base.loadBalancers).toHaveLength(3);
  });

  test.each([0, 1, 2])('loadBalancerIndex %d is passed to the placement function, and the tenant still reads no load balancer', (index) => {
    const { tenant, template } = place({ loadBalancers: 3 }, { loadBalancerIndex: index });
    expect(onlyResource(template, 'Custom::MateTenantPlacement').resource.Properties.LoadBalancerIndex).toBe(index);
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties.ListenerArn).toEqual(placementAttribute(template, 'ListenerArn'));
    expect(loadBalancerParametersRead(template)).toEqual([]);
    expect(Stack.of(tenant).resolve(tenant.loadBalancerIndex)).toEqual(placementAttribute(template, 'LoadBalancerIndex'));
  });

  test('the tenant outputs the DNS name of the load balancer its placement chose', () => {
    const { template } = place({ loadBalancers: 2 }, { loadBalancerIndex: 1 });
    template.hasOutput('LoadBalancerDnsNameDemo', { Value: placementAttribute(template, 'DnsName') });
  });

  test('the tenant\'s alarms watch its target group on the load balancer of the listener its placement chose', () => {
    const { template } = place({ loadBalancers: 2 }, { loadBalancerIndex: 1 });
    for (const loadBalancer of alarmLoadBalancers(template)) {
      expect(loadBalancer).toEqual(loadBalancerFullNameOf(placementAttribute(template, 'ListenerArn')));
    }
  });

  test('moving a tenant to another load balancer changes only the LoadBalancerIndex of the same placement resource', () => {
    const first = place({ loadBalancers: 2 }, { loadBalancerIndex: 0 }).template.toJSON();
    const moved = place({ loadBalancers: 2 }, { loadBalancerIndex: 1 }).template.toJSON();
    const id = placementId(Template.fromJSON(first));
    const expected = structuredClone(first);
    expected.Resources[id].Properties.LoadBalancerIndex = 1;
    expect(moved).toEqual(expected);
  });
});

describe('placement at synthesis (listenerRulePriority pinned)', () => {
  test('a tenant that pins its priority has no placement resource: it is on the first load balancer, its rule on that load balancer\'s HTTPS listener', () => {
    const { tenant, template } = place({ loadBalancers: 3 }, { listenerRulePriority: 42 });
    template.resourceCountIs('Custom::MateTenantPlacement', 0);
    expect(tenant.loadBalancerIndex).toBe(0);
    expect(tenant.listenerRulePriority).toBe(42);
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties.ListenerArn).toEqual({ Ref: parameterReading(template, '/mate/dev/load-balancer/https-listener-arn') });
    expect(rule.Properties.Priority).toBe(42);
    expect(parametersRead(template).filter((name) => /load-balancer-\d/.test(name))).toEqual([]);
    expect(parametersRead(template)).not.toContain('/mate/dev/tenant-placement-function/arn');
  });

  test.each([[1, 'load-balancer-2'], [2, 'load-balancer-3']])('loadBalancerIndex %d puts the rule on the listener of %s, and the tenant reads nothing of the others', (index, parameterDirectory) => {
    const { tenant, template } = place({ loadBalancers: 3 }, { loadBalancerIndex: index, listenerRulePriority: 42 });
    expect(tenant.loadBalancerIndex).toBe(index);
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties.ListenerArn).toEqual({ Ref: parameterReading(template, `/mate/dev/${parameterDirectory}/https-listener-arn`) });
    const loadBalancerParameters = parametersRead(template).filter((name) => /\/load-balancer(-\d+)?\//.test(name) && !name.includes('security-group'));
    expect(loadBalancerParameters.every((name) => name.startsWith(`/mate/dev/${parameterDirectory}/`))).toBe(true);
    expect(loadBalancerParameters).toEqual(expect.arrayContaining([
      `/mate/dev/${parameterDirectory}/https-listener-arn`,
      `/mate/dev/${parameterDirectory}/dns-name`,
    ]));
  });

  test('the tenant outputs the DNS name of its load balancer', () => {
    const { template } = place({ loadBalancers: 2 }, { loadBalancerIndex: 1, listenerRulePriority: 42 });
    template.hasOutput('LoadBalancerDnsNameDemo', { Value: { Ref: parameterReading(template, '/mate/dev/load-balancer-2/dns-name') } });
  });

  test('the tenant\'s alarms watch its target group on its own load balancer', () => {
    const { template } = place({ loadBalancers: 2 }, { loadBalancerIndex: 1, listenerRulePriority: 42 });
    const listenerArn = { Ref: parameterReading(template, '/mate/dev/load-balancer-2/https-listener-arn') };
    for (const loadBalancer of alarmLoadBalancers(template)) {
      expect(loadBalancer).toEqual(loadBalancerFullNameOf(listenerArn));
    }
  });

  test('a tenant may move to another load balancer: it names the new one and keeps its priority', () => {
    const first = place({ loadBalancers: 2 }, { listenerRulePriority: 42 });
    const moved = place({ loadBalancers: 2 }, { loadBalancerIndex: 1, listenerRulePriority: 42 });
    expect(moved.tenant.listenerRulePriority).toBe(first.tenant.listenerRulePriority);
    expect(parametersRead(moved.template)).toContain('/mate/dev/load-balancer-2/https-listener-arn');
    expect(parametersRead(first.template)).toContain('/mate/dev/load-balancer/https-listener-arn');
  });

  test('priorities only need to be unique per load balancer: two tenants on different load balancers may share one', () => {
    const environment = place({ loadBalancers: 2 }, { listenerRulePriority: 7 });
    expect(() => addTenant(environment, 'beta', { listenerRulePriority: 7, loadBalancerIndex: 1 })).not.toThrow();
    expect(() => addTenant(environment, 'gamma', { listenerRulePriority: 7, loadBalancerIndex: 1 }))
      .toThrow(/listenerRulePriority is 7, which tenant 'beta' already uses on the HTTPS listener of load balancer 'mate-dev-2'/);
  });
});

describe.each(BOTH_PLACEMENTS)('a tenant %s is independent of the rest of the environment', (_name, placement) => {
  test('adding load balancers to the environment changes nothing in its stack', () => {
    const before = place({}, placement).template.toJSON();
    const after = place({ loadBalancers: 3 }, placement).template.toJSON();
    expect(after).toEqual(before);
  });

  test('other tenants, before or after, change nothing in its stack', () => {
    const pinned = placement.listenerRulePriority !== undefined;
    const others = (priority: number): TenantOverrides => (pinned ? { listenerRulePriority: priority } : {});
    const alone = place({ loadBalancers: 2 }, { ...placement, loadBalancerIndex: 1 }).template.toJSON();
    const crowded = createEnvironment({ loadBalancers: 2 });
    addTenant(crowded, 'alpha', { ...others(1), loadBalancerIndex: 1 });
    const demo = addTenant(crowded, 'demo', { ...placement, loadBalancerIndex: 1 });
    addTenant(crowded, 'bravo', { ...others(2), loadBalancerIndex: 0 });
    addTenant(crowded, 'charlie', { ...others(3), loadBalancerIndex: 1 });
    expect(demo.template.toJSON()).toEqual(alone);
  });
});

describe('DNS of a tenant', () => {
  test('with a hosted zone, a tenant placed at deployment is an alias of the load balancer its placement chose, in the environment\'s zone', () => {
    const { template } = placeWithZone({ loadBalancers: 2 }, { loadBalancerIndex: 1 });
    const [, record] = onlyResource(template, 'AWS::Route53::RecordSet');
    expect(record.Properties).toEqual({
      Name: 'demo.mate.example.com.',
      Type: 'A',
      HostedZoneId: { Ref: parameterReading(template, '/mate/dev/hosted-zone/id') },
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', placementAttribute(template, 'DnsName')]] },
        HostedZoneId: placementAttribute(template, 'CanonicalHostedZoneId'),
      },
      Comment: 'Tenant demo of MATE environment dev',
    });
    expect(loadBalancerParametersRead(template)).toEqual([]);
  });

  test('with a hosted zone, a pinned tenant\'s host name is an alias of its own load balancer, in the environment\'s zone', () => {
    const { template } = placeWithZone({ loadBalancers: 2 }, { loadBalancerIndex: 1, listenerRulePriority: 42 });
    const [, record] = onlyResource(template, 'AWS::Route53::RecordSet');
    expect(record.Properties).toMatchObject({
      Name: 'demo.mate.example.com.',
      Type: 'A',
      HostedZoneId: { Ref: parameterReading(template, '/mate/dev/hosted-zone/id') },
    });
    expect(JSON.stringify(record.Properties.AliasTarget.DNSName)).toContain(parameterReading(template, '/mate/dev/load-balancer-2/dns-name'));
    expect(record.Properties.AliasTarget.HostedZoneId).toEqual({ Ref: parameterReading(template, '/mate/dev/load-balancer-2/canonical-hosted-zone-id') });
  });

  test('the pinned tenant on the first load balancer gets its own record too, next to the environment\'s wildcard', () => {
    const { template } = placeWithZone({}, { listenerRulePriority: 42 });
    const [, record] = onlyResource(template, 'AWS::Route53::RecordSet');
    expect(record.Properties.AliasTarget.HostedZoneId).toEqual({ Ref: parameterReading(template, '/mate/dev/load-balancer/canonical-hosted-zone-id') });
  });

  test.each(BOTH_PLACEMENTS)('without a hosted zone a tenant %s creates no record', (_name, placement) => {
    place({ loadBalancers: 2 }, { ...placement, loadBalancerIndex: 1 }).template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test.each(BOTH_PLACEMENTS)('an environment imported with its hosted zone gives a tenant %s its record in that zone', (name, placement) => {
    const stack = new Stack(new App(), 'MateTenant-demo-dev', { env: ENV });
    const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', { domainName: 'mate.example.com', loadBalancers: 2, hostedZone: zone });
    new MateTenant(stack, 'Tenant', {
      base, tenantId: 'demo', tier: TenantTier.TRIAL, image: ecs.ContainerImage.fromRegistry(IMAGE), loadBalancerIndex: 1, ...placement,
    });
    const template = Template.fromStack(stack);
    const [, record] = onlyResource(template, 'AWS::Route53::RecordSet');
    expect(record.Properties).toMatchObject({ Name: 'demo.mate.example.com.', HostedZoneId: 'Z0123456789EXAMPLE' });
    const dnsName = name === 'placed at deployment'
      ? placementAttribute(template, 'DnsName')
      : { Ref: parameterReading(template, '/mate/dev/load-balancer-2/dns-name') };
    expect(record.Properties.AliasTarget.DNSName).toEqual({ 'Fn::Join': ['', ['dualstack.', dnsName]] });
  });
});
