import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra } from '../../../src/base';
import { MateTenant } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { addTenant, CERTIFICATE_ARN, createEnvironment, ENV, IMAGE, onlyResource } from '../../fixtures';
import { hashedListenerRulePriority } from '../../placement/hashed-priority';

/** Two tenant ids whose hashed priorities collide. */
function collidingTenantIds(): [string, string] {
  const seen = new Map<number, string>();
  for (let index = 0; ; index++) {
    const tenantId = `t${index}`;
    const priority = hashedListenerRulePriority(tenantId);
    const earlier = seen.get(priority);
    if (earlier !== undefined) {
      return [earlier, tenantId];
    }
    seen.set(priority, tenantId);
  }
}

/** The listener rule's Priority, and the logical id of the placement resource, of a tenant's template. */
function ruleAndPlacement(template: Template): { priority: unknown; placementId: string } {
  const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
  return { priority: rule.Properties.Priority, placementId: onlyResource(template, 'Custom::MateTenantPlacement').id };
}

describe('listener rule priorities', () => {
  test('the hash priority is derived from the tenant id alone and lies in 1..50000', () => {
    const priority = hashedListenerRulePriority('demo');
    expect(priority).toBe(hashedListenerRulePriority('demo'));
    expect(Number.isInteger(priority)).toBe(true);
    expect(priority).toBeGreaterThanOrEqual(1);
    expect(priority).toBeLessThanOrEqual(50000);
  });

  test('a tenant that leaves listenerRulePriority out has no priority at synthesis: its rule takes the one its placement reports', () => {
    const { tenant, template } = addTenant(createEnvironment(), 'demo');
    const { priority, placementId } = ruleAndPlacement(template);
    expect(priority).toEqual({ 'Fn::GetAtt': [placementId, 'Priority'] });
    expect(Token.isUnresolved(tenant.listenerRulePriority)).toBe(true);
    expect(Stack.of(tenant).resolve(tenant.listenerRulePriority)).toEqual({ 'Fn::GetAtt': [placementId, 'Priority'] });
  });

  test('listenerRulePriority pins the priority, with no placement resource', () => {
    const { template, tenant } = addTenant(createEnvironment(), 'demo', { listenerRulePriority: 42 });
    expect(tenant.listenerRulePriority).toBe(42);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 42 });
    template.resourceCountIs('Custom::MateTenantPlacement', 0);
  });

  test('fails when two tenants of one environment pin the same priority, naming listenerRulePriority and both tenants', () => {
    const environment = createEnvironment();
    const { tenant } = addTenant(environment, 'alpha', { listenerRulePriority: 42 });
    expect(() => addTenant(environment, 'beta', { listenerRulePriority: tenant.listenerRulePriority }))
      .toThrow(new RegExp(`listenerRulePriority: listenerRulePriority is ${tenant.listenerRulePriority}, which tenant 'alpha' already uses on the HTTPS listener of load balancer 'mate-dev' \\(environment 'dev'\\); set listenerRulePriority of tenant 'beta'`));
  });

  test('c10 and c14, whose hash priorities are both 9365, synthesized in separate apps carry no fixed priority: each rule takes its own placement\'s', () => {
    expect(hashedListenerRulePriority('c10')).toBe(9365);
    expect(hashedListenerRulePriority('c14')).toBe(9365);
    // Two apps see nothing of each other: only the placement function, at deployment, sees both tenants.
    for (const tenantId of ['c10', 'c14']) {
      const { template } = addTenant(createEnvironment(), tenantId);
      const { priority, placementId } = ruleAndPlacement(template);
      expect(priority).toEqual({ 'Fn::GetAtt': [placementId, 'Priority'] });
      expect(onlyResource(template, 'Custom::MateTenantPlacement').resource.Properties).toMatchObject({ TenantId: tenantId, HostName: `${tenantId}.mate.example.com` });
    }
  });

  test('tenants whose hash priorities collide share one app: a tenant placed at deployment holds no priority at synthesis', () => {
    const [first, second] = collidingTenantIds();
    const environment = createEnvironment();
    addTenant(environment, first);
    expect(() => addTenant(environment, second)).not.toThrow();
    // Not even the colliding one, pinned by another tenant.
    expect(() => addTenant(environment, `${second}x`, { listenerRulePriority: hashedListenerRulePriority(first) })).not.toThrow();
  });

  test('tenants of different environments in one app may pin the same priority, and each is placed by its own environment', () => {
    const app = new App();
    const placedStacks = new Map<string, Stack>();
    for (const environment of ['dev', 'staging']) {
      const baseStack = new Stack(app, `MateBase-${environment}`, { env: ENV });
      const base = new MateBaseInfra(baseStack, 'Base', {
        environment,
        domainName: 'mate.example.com',
        certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
      });
      const tenantProps = { base, tier: TenantTier.TRIAL, image: ecs.ContainerImage.fromRegistry(IMAGE) };
      const pinned = new MateTenant(new Stack(app, `MateTenant-demo-${environment}`, { env: ENV }), 'Tenant', {
        ...tenantProps, tenantId: 'demo', listenerRulePriority: 7,
      });
      expect(pinned.listenerRulePriority).toBe(7);
      const placedStack = new Stack(app, `MateTenant-acme-${environment}`, { env: ENV });
      new MateTenant(placedStack, 'Tenant', { ...tenantProps, tenantId: 'acme' });
      placedStacks.set(environment, placedStack);
    }
    // Synthesized once every environment is in the app.
    for (const [environment, stack] of placedStacks) {
      const placed = Template.fromStack(stack);
      const [serviceToken] = Object.keys(placed.findParameters('*', { Default: `/mate/${environment}/tenant-placement-function/arn` }));
      expect(onlyResource(placed, 'Custom::MateTenantPlacement').resource.Properties.ServiceToken).toEqual({ Ref: serviceToken });
    }
  });
});
