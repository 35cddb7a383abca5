import { explicitListenerRulePriorities } from '../../scripts/bench/listener-priorities';
import { scaleTenants } from '../../scripts/bench/scale-tenants';
import { defaultListenerRulePriority } from '../../src/tenant/services/listener-priority';

/** Two tenant ids whose default priorities collide. */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  for (let index = 0; ; index++) {
    const tenantId = `c${index}`;
    const earlier = seen.get(defaultListenerRulePriority(tenantId));
    if (earlier !== undefined) {
      return [earlier, tenantId];
    }
    seen.set(defaultListenerRulePriority(tenantId), tenantId);
  }
}

describe('the benchmark\'s explicit listener priorities', () => {
  test('the 250 benchmark tenants, on three load balancers, need none', () => {
    expect(explicitListenerRulePriorities(scaleTenants(250))).toEqual(new Map());
  });

  test('a collision on one load balancer gives the later tenant a priority no default uses', () => {
    const [first, second] = collidingPair();
    const explicit = explicitListenerRulePriorities([{ tenantId: first, loadBalancerIndex: 0 }, { tenantId: second, loadBalancerIndex: 0 }]);
    expect([...explicit.keys()]).toEqual([second]);
    expect(explicit.get(second)).not.toBe(defaultListenerRulePriority(first));
  });

  test('the same two tenants on different load balancers keep their defaults', () => {
    const [first, second] = collidingPair();
    const explicit = explicitListenerRulePriorities([{ tenantId: first, loadBalancerIndex: 0 }, { tenantId: second, loadBalancerIndex: 1 }]);
    expect(explicit).toEqual(new Map());
  });
});
