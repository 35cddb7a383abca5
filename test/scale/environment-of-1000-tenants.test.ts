import { quotaTests, type ScaleEnvironment } from './environment-quotas';
import { APPS_OF_1000, ENVIRONMENT_OF_1000, scaleApps } from './scale-apps';
import { deployEnvironment, EnvironmentTally, onePlacement, placementProperties, readStacks, type TenantFacts } from './scale-environment';
import { MATE_BASE_STACK_NAME } from '../../scripts/bench/mate-app';
import { MAX_LOAD_BALANCERS } from '../../src/base/load-balancer-quotas';

const TENANTS = 1000;

/** The environment of 1,000 tenants, its tenants in apps of 50 that find it by name (scale-apps.ts). */
let environment: ScaleEnvironment;
/** t1001, from an app of its own. */
let oneMore: TenantFacts;

beforeAll(async () => {
  const apps = scaleApps();
  apps.prepare(ENVIRONMENT_OF_1000);
  const tally = new EnvironmentTally(MATE_BASE_STACK_NAME);
  for (const app of [APPS_OF_1000.base, ...APPS_OF_1000.tenants]) {
    for (const stack of readStacks(await apps.assemblyOf(app))) {
      tally.add(stack);
    }
  }
  const single = new EnvironmentTally(MATE_BASE_STACK_NAME);
  for (const stack of readStacks(await apps.assemblyOf(APPS_OF_1000.oneMore))) {
    single.add(stack);
  }
  [oneMore] = single.tenants;
  const deployment = await deployEnvironment(tally.base!, tally.tenants, { inFlight: 50, seed: 1000 });
  environment = { tally, deployment };
}, 900_000);
afterAll(() => scaleApps().removeIfPrivate());

describe(`an environment of ${TENANTS} tenants on ${MAX_LOAD_BALANCERS} load balancers, its tenants in apps of their own`, () => {
  quotaTests({ tenants: TENANTS, loadBalancers: MAX_LOAD_BALANCERS, inFlight: 50 }, () => environment);

  test('redeploying every tenant moves none of them', async () => {
    const { deployment, tally } = environment;
    const moved: string[] = [];
    for (const tenant of tally.tenants) {
      const properties = placementProperties(onePlacement(tenant), tenant, tally.base!);
      const response = await deployment.cloud.invoke(properties, { requestType: 'Update' }, deployment.handler);
      if (JSON.stringify(response.Data) !== JSON.stringify(deployment.deployed.get(tenant.stackName)!.data)) {
        moved.push(`${tenant.stackName}: ${response.Reason}`);
      }
    }
    expect(moved).toEqual([]);
  });

  test('tenant 1,001, from an app of its own, fails on the full environment, telling to raise loadBalancers, and changes nothing', async () => {
    const { deployment, tally } = environment;
    const before = new Map(deployment.cloud.store);

    const properties = placementProperties(onePlacement(oneMore), oneMore, tally.base!);
    const response = await deployment.cloud.invoke(properties, { requestType: 'Create' }, deployment.handler);

    expect(response.Status).toBe('FAILED');
    const serves = Array.from({ length: MAX_LOAD_BALANCERS }, (_, index) => `load balancer ${index} serves 100 tenants`).join(', ');
    expect(response.Reason).toBe(`Environment bench has no room for tenant t1001: ${serves} (at most 100 each); raise loadBalancers of environment bench and deploy again`);
    expect(new Map(deployment.cloud.store)).toEqual(before);
  });
});
