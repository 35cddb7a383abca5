import { addTenant, createEnvironment, type Environment } from '../fixtures';

/** A full load balancer once one more tenant is added: it takes 100. */
const TENANT_IDS = Array.from({ length: 99 }, (_, index) => `customer${index}`);

/** The priority of every tenant's listener rule, read from the synthesized templates of `environment`'s app. */
function synthesizedPriorities(environment: Environment, tenantIds: string[]): Map<string, number> {
  const assembly = environment.app.synth();
  return new Map(tenantIds.map((tenantId) => {
    const template = assembly.getStackByName(`MateTenant-${tenantId}-dev`).template;
    const rules = Object.values(template.Resources).filter((resource: any) => resource.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rules).toHaveLength(1);
    return [tenantId, (rules[0] as any).Properties.Priority];
  }));
}

// Environments of 99 and 100 tenants: minutes of synthesis, so in the scale task (`npx projen test:scale`).
describe('a load balancer with 99 or 100 tenants', () => {
  test('99 tenants of one environment get unique priorities, and adding a 100th moves none of them', () => {
    const hundred = createEnvironment();
    const tenants = TENANT_IDS.map((tenantId) => addTenant(hundred, tenantId).tenant);
    const before = synthesizedPriorities(hundred, TENANT_IDS);
    expect(new Set(before.values()).size).toBe(TENANT_IDS.length);
    expect(new Map(tenants.map((tenant) => [tenant.tenantId, tenant.listenerRulePriority]))).toEqual(before);

    // Another app with one more tenant, added first, and the others in reverse order: each priority depends on
    // nothing but the tenant's own id. (The rule's Priority is the tenant's listenerRulePriority, checked above.)
    const oneMore = createEnvironment();
    addTenant(oneMore, 'newcomer');
    const after = [...TENANT_IDS].reverse().map((tenantId) => addTenant(oneMore, tenantId).tenant);
    expect(new Map(after.map((tenant) => [tenant.tenantId, tenant.listenerRulePriority]))).toEqual(before);
  }, 300_000); // synthesizes 99 tenant stacks

  test('fails when the only load balancer already serves 100 tenants, telling to raise loadBalancers', () => {
    const environment = createEnvironment();
    for (let index = 0; index < 100; index++) {
      addTenant(environment, `full${index}`, { listenerRulePriority: index + 1 });
    }
    expect(() => addTenant(environment, 'late', { listenerRulePriority: 500 })).toThrow(
      /loadBalancerIndex: load balancer 0 \('mate-dev'\) of environment 'dev' already serves 100 tenants[^\n]*; raise loadBalancers of environment 'dev' \(now 1\) and set loadBalancerIndex of tenant 'late' to the new load balancer, 1/);
    // The load balancer stays full for the next tenant too.
    expect(() => addTenant(environment, 'later', { listenerRulePriority: 501 })).toThrow(/already serves 100 tenants/);
  }, 120_000); // builds 100 tenants
});
