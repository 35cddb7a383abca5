import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra } from '../../../src/base';
import { MateTenant } from '../../../src/tenant';
import { defaultListenerRulePriority } from '../../../src/tenant/services/listener-priority';
import { TenantTier } from '../../../src/tiers';
import { addTenant, CERTIFICATE_ARN, createEnvironment, ENV, IMAGE } from '../../fixtures';

/** Two tenant ids whose derived priorities collide. */
function collidingTenantIds(): [string, string] {
  const seen = new Map<number, string>();
  for (let index = 0; ; index++) {
    const tenantId = `t${index}`;
    const priority = defaultListenerRulePriority(tenantId);
    const earlier = seen.get(priority);
    if (earlier !== undefined) {
      return [earlier, tenantId];
    }
    seen.set(priority, tenantId);
  }
}

describe('listener rule priorities', () => {
  test('the default priority is derived from the tenant id alone and lies in 1..50000', () => {
    const priority = defaultListenerRulePriority('demo');
    expect(priority).toBe(defaultListenerRulePriority('demo'));
    expect(Number.isInteger(priority)).toBe(true);
    expect(priority).toBeGreaterThanOrEqual(1);
    expect(priority).toBeLessThanOrEqual(50000);
    const { tenant } = addTenant(createEnvironment(), 'demo');
    expect(tenant.listenerRulePriority).toBe(priority);
  });

  test('listenerRulePriority overrides the derived priority', () => {
    const { template, tenant } = addTenant(createEnvironment(), 'demo', { listenerRulePriority: 42 });
    expect(tenant.listenerRulePriority).toBe(42);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 42 });
  });

  test('fails when two tenants of one environment claim the same priority, naming listenerRulePriority and both tenants', () => {
    const environment = createEnvironment();
    const { tenant } = addTenant(environment, 'alpha');
    expect(() => addTenant(environment, 'beta', { listenerRulePriority: tenant.listenerRulePriority }))
      .toThrow(new RegExp(`listenerRulePriority: listenerRulePriority is ${tenant.listenerRulePriority}, which tenant 'alpha' already uses on the HTTPS listener of load balancer 'mate-dev' \\(environment 'dev'\\); set listenerRulePriority of tenant 'beta'`));
  });

  test('fails when the priorities derived from two tenant ids collide, suggesting listenerRulePriority', () => {
    const [first, second] = collidingTenantIds();
    const environment = createEnvironment();
    addTenant(environment, first);
    expect(() => addTenant(environment, second)).toThrow(
      `listenerRulePriority: the priority derived from tenantId '${second}' is ${defaultListenerRulePriority(second)}, which tenant '${first}' already uses`,
    );
    // The fix the message names works.
    expect(() => addTenant(environment, `${second}x`, { listenerRulePriority: 7 })).not.toThrow();
  });

  test('tenants of different environments in one app may share a priority: each environment has its own listener', () => {
    const app = new App();
    for (const environment of ['dev', 'staging']) {
      const baseStack = new Stack(app, `MateBase-${environment}`, { env: ENV });
      const base = new MateBaseInfra(baseStack, 'Base', {
        environment,
        domainName: 'mate.example.com',
        certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
      });
      const tenantStack = new Stack(app, `MateTenant-demo-${environment}`, { env: ENV });
      const tenant = new MateTenant(tenantStack, 'Tenant', {
        base, tenantId: 'demo', tier: TenantTier.TRIAL, image: ecs.ContainerImage.fromRegistry(IMAGE),
      });
      expect(tenant.listenerRulePriority).toBe(defaultListenerRulePriority('demo'));
    }
  });
});
