import { App, Stack } from 'aws-cdk-lib';
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

/** Like `place`, with a base that has the hosted zone of example.com. */
function placeWithZone(baseProps: Partial<MateBaseInfraProps>, tenantProps: TenantOverrides = {}): Placed {
  return place((baseStack) => ({
    certificate: undefined,
    hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(baseStack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' }),
    ...baseProps,
  }), tenantProps);
}

describe('placement on a load balancer', () => {
  test('by default a tenant is on the first load balancer, and its rule is on that load balancer\'s HTTPS listener', () => {
    const { tenant, template, base } = place({ loadBalancers: 3 });
    expect(tenant.loadBalancerIndex).toBe(0);
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties.ListenerArn).toEqual({ Ref: parameterReading(template, '/mate/dev/load-balancer/https-listener-arn') });
    expect(parametersRead(template).filter((name) => /load-balancer-\d/.test(name))).toEqual([]);
    expect(base.loadBalancers).toHaveLength(3);
  });

  test.each([[1, 'load-balancer-2'], [2, 'load-balancer-3']])('loadBalancerIndex %d puts the rule on the listener of %s, and the tenant reads nothing of the others', (index, parameterDirectory) => {
    const { tenant, template } = place({ loadBalancers: 3 }, { loadBalancerIndex: index });
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
    const { template } = place({ loadBalancers: 2 }, { loadBalancerIndex: 1 });
    template.hasOutput('LoadBalancerDnsNameDemo', { Value: { Ref: parameterReading(template, '/mate/dev/load-balancer-2/dns-name') } });
  });

  test('the tenant\'s alarms watch its target group on its own load balancer', () => {
    const { template } = place({ loadBalancers: 2 }, { loadBalancerIndex: 1 });
    const listenerParameter = parameterReading(template, '/mate/dev/load-balancer-2/https-listener-arn');
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/ApplicationELB' } }));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      const loadBalancerDimension = (alarm as any).Properties.Dimensions.find((dimension: any) => dimension.Name === 'LoadBalancer');
      expect(JSON.stringify(loadBalancerDimension.Value)).toContain(listenerParameter);
    }
  });

  test('adding load balancers to the environment changes no tenant', () => {
    const before = place({}).template.toJSON();
    const after = place({ loadBalancers: 3 }).template.toJSON();
    expect(after).toEqual(before);
  });

  test('other tenants, before or after, change nothing in a tenant\'s stack', () => {
    const alone = place({ loadBalancers: 2 }, { loadBalancerIndex: 1 }).template.toJSON();
    const crowded = createEnvironment({ loadBalancers: 2 });
    addTenant(crowded, 'alpha', { loadBalancerIndex: 1 });
    const demo = addTenant(crowded, 'demo', { loadBalancerIndex: 1 });
    addTenant(crowded, 'bravo', { loadBalancerIndex: 0 });
    addTenant(crowded, 'charlie', { loadBalancerIndex: 1 });
    expect(demo.template.toJSON()).toEqual(alone);
  });

  test('a tenant may move to another load balancer: it names the new one and keeps its priority', () => {
    const first = place({ loadBalancers: 2 });
    const moved = place({ loadBalancers: 2 }, { loadBalancerIndex: 1 });
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

describe('DNS of a tenant', () => {
  test('with a hosted zone, the tenant\'s host name is an alias of its own load balancer, in the environment\'s zone', () => {
    const { template } = placeWithZone({ loadBalancers: 2 }, { loadBalancerIndex: 1 });
    const [, record] = onlyResource(template, 'AWS::Route53::RecordSet');
    expect(record.Properties).toMatchObject({
      Name: 'demo.mate.example.com.',
      Type: 'A',
      HostedZoneId: { Ref: parameterReading(template, '/mate/dev/hosted-zone/id') },
    });
    expect(JSON.stringify(record.Properties.AliasTarget.DNSName)).toContain(parameterReading(template, '/mate/dev/load-balancer-2/dns-name'));
    expect(record.Properties.AliasTarget.HostedZoneId).toEqual({ Ref: parameterReading(template, '/mate/dev/load-balancer-2/canonical-hosted-zone-id') });
  });

  test('the tenant on the first load balancer gets its own record too, next to the environment\'s wildcard', () => {
    const { template } = placeWithZone({});
    const [, record] = onlyResource(template, 'AWS::Route53::RecordSet');
    expect(record.Properties.AliasTarget.HostedZoneId).toEqual({ Ref: parameterReading(template, '/mate/dev/load-balancer/canonical-hosted-zone-id') });
  });

  test('without a hosted zone the tenant creates no record', () => {
    place({ loadBalancers: 2 }, { loadBalancerIndex: 1 }).template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test('an environment imported with its hosted zone gives tenants their record in that zone', () => {
    const stack = new Stack(new App(), 'MateTenant-demo-dev', { env: ENV });
    const zone = route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', { domainName: 'mate.example.com', loadBalancers: 2, hostedZone: zone });
    new MateTenant(stack, 'Tenant', { base, tenantId: 'demo', tier: TenantTier.TRIAL, image: ecs.ContainerImage.fromRegistry(IMAGE), loadBalancerIndex: 1 });
    const template = Template.fromStack(stack);
    const [, record] = onlyResource(template, 'AWS::Route53::RecordSet');
    expect(record.Properties).toMatchObject({ Name: 'demo.mate.example.com.', HostedZoneId: 'Z0123456789EXAMPLE' });
    expect(JSON.stringify(record.Properties.AliasTarget.DNSName)).toContain(parameterReading(template, '/mate/dev/load-balancer-2/dns-name'));
  });
});
