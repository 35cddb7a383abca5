import { quotaTests, type ScaleEnvironment } from './environment-quotas';
import { APPS_OF_250, ENVIRONMENT_OF_250, scaleApps } from './scale-apps';
import { deployEnvironment, EnvironmentTally, readStacks, type SynthesizedStack } from './scale-environment';
import { MATE_BASE_STACK_NAME } from '../../scripts/bench/mate-app';
import { hashedListenerRulePriority } from '../placement/hashed-priority';

const TENANTS = 250;

/** The environment of the benchmark (`bench`) with 250 tenants, all in one app, synthesized once (scale-apps.ts). */
let environment: ScaleEnvironment;
/** The same base in an app of its own, without tenants. */
let baseAlone: SynthesizedStack;
/** c10 and c14, each from an app of its own. */
let collidingIds: EnvironmentTally;

beforeAll(async () => {
  const apps = scaleApps();
  apps.prepare(ENVIRONMENT_OF_250);
  const tally = new EnvironmentTally(MATE_BASE_STACK_NAME);
  for (const stack of readStacks(await apps.assemblyOf(APPS_OF_250.environment))) {
    tally.add(stack);
  }
  [baseAlone] = readStacks(await apps.assemblyOf(APPS_OF_250.baseAlone));
  collidingIds = new EnvironmentTally(MATE_BASE_STACK_NAME);
  for (const app of APPS_OF_250.collidingIds) {
    for (const stack of readStacks(await apps.assemblyOf(app))) {
      collidingIds.add(stack);
    }
  }
  const deployment = await deployEnvironment(tally.base!, tally.tenants, { inFlight: 50, seed: 250 });
  environment = { tally, deployment };
}, 600_000);
afterAll(() => scaleApps().removeIfPrivate());

describe(`an environment of ${TENANTS} tenants in one app`, () => {
  quotaTests({ tenants: TENANTS, loadBalancers: 3, inFlight: 50 }, () => environment);

  test('the base stack does not grow per tenant: it is the same template as the base alone', () => {
    expect(environment.tally.base!.template).toEqual(baseAlone.template);
  });

  test('c10 and c14, whose hashed priorities collide, synthesized in separate apps, carry no fixed priority and get different ones when deployed', async () => {
    expect(hashedListenerRulePriority('c10')).toBe(hashedListenerRulePriority('c14'));
    expect(collidingIds.stacks).toEqual(['MateTenant-c10-bench', 'MateTenant-c14-bench']);
    // No fixed priority: each rule's priority is the one its own placement answers.
    expect(collidingIds.tenants.map((tenant) => tenant.rules[0].priority)).toEqual(
      collidingIds.tenants.map((tenant) => ({ 'Fn::GetAtt': [tenant.placements[0].logicalId, 'Priority'] })));

    const { deployed, failures } = await deployEnvironment(environment.tally.base!, collidingIds.tenants, { inFlight: 2 });

    expect(failures).toEqual([]);
    const placed = [...deployed.values()].map(({ tenantId, loadBalancerIndex, priority }) => ({ tenantId, loadBalancerIndex, priority }));
    expect(placed.sort((a, b) => a.tenantId.localeCompare(b.tenantId))).toEqual([
      { tenantId: 'c10', loadBalancerIndex: 0, priority: expect.any(Number) },
      { tenantId: 'c14', loadBalancerIndex: 0, priority: expect.any(Number) },
    ]);
    expect(new Set([...deployed.values()].map(({ priority }) => priority)).size).toBe(2);
  });
});
