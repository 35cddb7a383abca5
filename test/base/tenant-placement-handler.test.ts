import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ssm from '@aws-sdk/client-ssm';
import { TENANTS_PER_LOAD_BALANCER } from '../../src/base/load-balancer-quotas';
import { PLACEMENT_RESOURCE_TYPE, TENANT_PLACEMENT_SOURCE } from '../../src/base/tenant-placement-source';
import { MAX_LISTENER_RULE_PRIORITY } from '../../src/tenant/services/listener-priority';
import { hashedListenerRulePriority } from '../placement/hashed-priority';
import { elbMock, FakePlacementCloud, seeded, ssmMock, type PlacementHandler, type PlacementResponse } from '../placement/placement-fakes';

const CLAIMS_PATH = '/mate/dev/placement';

interface Invocation {
  readonly requestType?: 'Create' | 'Update' | 'Delete';
  readonly remainingMs?: number;
  readonly loadBalancerIndex?: number | string;
  readonly hostName?: string;
  readonly physicalResourceId?: string;
}

/** Environment `dev` with its parameters and load balancers, faked (test/placement/placement-fakes.ts). */
const cloud = new FakePlacementCloud({ environment: 'dev', claimsPath: CLAIMS_PATH, rulesPage: 7 });
const store = cloud.store;
const loadBalancers = () => cloud.loadBalancers;
const environment = (count: number) => cloud.environment(count);
const loadHandler = () => cloud.loadHandler();

const host = (tenantId: string) => `${tenantId}.mate.example.com`;

/** A rule of a tenant that fixed its listenerRulePriority: it has no slot. */
function pin(index: number, tenantId: string, priority: number) {
  loadBalancers()[index].rules.push({ priority, host: host(tenantId) });
}

/** A slot claim and tenant record as the function writes them, for setting up load balancers quickly. */
function seedPlacement(index: number, slot: number, tenantId: string, withRule = true) {
  const priority = MAX_LISTENER_RULE_PRIORITY - slot;
  store.set(`${CLAIMS_PATH}/load-balancer-${index}/slot-${slot}`, JSON.stringify({ tenantId, priority }));
  store.set(`${CLAIMS_PATH}/tenants/${tenantId}`, JSON.stringify({ loadBalancerIndex: index, slot, priority }));
  if (withRule) loadBalancers()[index].rules.push({ priority, host: host(tenantId) });
}

/** Runs the handler once, as CloudFormation would, and returns its answer. */
async function invoke(tenantId: string, options: Invocation = {}, handler: PlacementHandler = loadHandler()): Promise<PlacementResponse> {
  return cloud.invoke({
    TenantId: tenantId,
    HostName: options.hostName ?? host(tenantId),
    ...(options.loadBalancerIndex === undefined ? {} : { LoadBalancerIndex: options.loadBalancerIndex }),
  }, { requestType: options.requestType, physicalResourceId: options.physicalResourceId, remainingMs: options.remainingMs }, handler);
}

/** Places the tenant and, when that succeeds, creates its listener rule as the tenant's stack would (failing on a priority in use). */
async function deploy(tenantId: string, options: Invocation = {}, handler: PlacementHandler = loadHandler()): Promise<PlacementResponse> {
  const response = await invoke(tenantId, options, handler);
  if (response.Status === 'SUCCESS') {
    cloud.createRule(response.Data!.LoadBalancerIndex, response.Data!.Priority, host(tenantId));
  }
  return response;
}

const slotsOf = (index: number) => cloud.slotsOf(index);
const readJson = (name: string) => cloud.readJson(name);
const putCalls = () => ssmMock.commandCalls(ssm.PutParameterCommand).map((call) => call.args[0].input);
const tenantsOn = (index: number) => cloud.tenantsOn(index);

beforeEach(() => {
  cloud.reset(2);
});

describe('tenant placement handler', () => {
  test('the inline source names the quotas it relies on and stays small enough to inline', () => {
    expect(PLACEMENT_RESOURCE_TYPE).toBe('Custom::MateTenantPlacement');
    expect(TENANT_PLACEMENT_SOURCE).toContain(`const CAPACITY = ${TENANTS_PER_LOAD_BALANCER};`);
    expect(TENANT_PLACEMENT_SOURCE).toContain(`const TOP = ${MAX_LISTENER_RULE_PRIORITY};`);
    expect(TENANT_PLACEMENT_SOURCE).not.toContain('${');
    // CloudFormation no longer limits inline code to 4,096 characters; this keeps the base template lean.
    expect(TENANT_PLACEMENT_SOURCE.length).toBeLessThan(10_000);
  });

  test('the first tenant gets load balancer 0 and priority 50000, and its slot and record are written', async () => {
    const response = await invoke('acme');

    const lb = loadBalancers()[0];
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${CLAIMS_PATH}/tenants/acme`, RequestId: `r-${cloud.requests}` });
    expect(response.Data).toEqual({
      LoadBalancerIndex: 0,
      Priority: 50000,
      ListenerArn: lb.listenerArn,
      LoadBalancerArn: lb.loadBalancerArn,
      DnsName: 'mate-dev-0-123456789.us-east-1.elb.amazonaws.com',
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    });
    expect(Object.fromEntries(store)).toEqual({
      [`${CLAIMS_PATH}/load-balancer-0/slot-0`]: JSON.stringify({ tenantId: 'acme', priority: 50000 }),
      [`${CLAIMS_PATH}/tenants/acme`]: JSON.stringify({ loadBalancerIndex: 0, slot: 0, priority: 50000 }),
    });
    expect(putCalls()).toEqual([
      expect.objectContaining({ Name: `${CLAIMS_PATH}/load-balancer-0/slot-0`, Overwrite: false }),
      expect.objectContaining({ Name: `${CLAIMS_PATH}/tenants/acme`, Overwrite: true }),
    ]);
  });

  test('the next tenants take the next free slots, one priority lower each', async () => {
    const priorities = [];
    for (const tenantId of ['a', 'b', 'c']) {
      priorities.push((await deploy(tenantId)).Data!.Priority);
    }
    expect(priorities).toEqual([50000, 49999, 49998]);
    expect(slotsOf(0)).toHaveLength(3);
  });

  test('an update answers the recorded placement without reading the listener or writing anything', async () => {
    await deploy('a');
    const first = await deploy('acme');
    await deploy('b');
    ssmMock.resetHistory();
    elbMock.resetHistory();

    const update = await invoke('acme', { requestType: 'Update' });

    expect(update).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${CLAIMS_PATH}/tenants/acme` });
    expect(update.Data).toEqual(first.Data);
    expect(update.Data!.Priority).toBe(49999);
    expect(putCalls()).toHaveLength(0);
    expect(ssmMock.commandCalls(ssm.DeleteParameterCommand)).toHaveLength(0);
    expect(ssmMock.commandCalls(ssm.GetParametersByPathCommand)).toHaveLength(0);
    expect(elbMock.commandCalls(elbv2.DescribeRulesCommand)).toHaveLength(0);
  });

  test('c10 and c14, whose hashed priorities collide, get different priorities when deployed from two apps', async () => {
    expect(hashedListenerRulePriority('c10')).toBe(hashedListenerRulePriority('c14'));

    const c10 = await deploy('c10', {}, loadHandler());
    const c14 = await deploy('c14', {}, loadHandler());

    expect(c10).toMatchObject({ Status: 'SUCCESS', Data: { LoadBalancerIndex: 0, Priority: 50000 } });
    expect(c14).toMatchObject({ Status: 'SUCCESS', Data: { LoadBalancerIndex: 0, Priority: 49999 } });
  });

  test('c10, deployed by an earlier version at its hashed priority, keeps it, and c14 gets a slot instead of the same number', async () => {
    const hashed = hashedListenerRulePriority('c10');
    pin(0, 'c10', hashed);

    const c14 = await deploy('c14');
    const c10 = await deploy('c10', { requestType: 'Update' });

    expect(c14.Data).toMatchObject({ LoadBalancerIndex: 0, Priority: 50000 });
    expect(c10.Data).toMatchObject({ LoadBalancerIndex: 0, Priority: hashed });
    expect(readJson(`${CLAIMS_PATH}/load-balancer-0/slot-1`)).toEqual({ tenantId: 'c10', priority: hashed });
  });

  test('a pinned rule at 50000 makes slot 0 no candidate, and the tenant gets 49999', async () => {
    pin(0, 'pinned', 50000);

    const response = await invoke('acme');

    expect(response.Data).toMatchObject({ LoadBalancerIndex: 0, Priority: 49999 });
    expect(slotsOf(0)).toEqual([`${CLAIMS_PATH}/load-balancer-0/slot-1`]);
    expect(readJson(`${CLAIMS_PATH}/tenants/acme`)).toEqual({ loadBalancerIndex: 0, slot: 1, priority: 49999 });
  });

  test('when load balancer 0 holds 100 tenants (pinned rules and slots), the tenant goes to load balancer 1', async () => {
    for (let index = 0; index < 30; index++) pin(0, `pinned${index}`, 1000 + index * 37);
    const handler = loadHandler();
    for (let index = 0; index < 70; index++) {
      expect((await deploy(`t${index}`, {}, handler)).Data!.LoadBalancerIndex).toBe(0);
    }
    expect(tenantsOn(0)).toBe(TENANTS_PER_LOAD_BALANCER);
    ssmMock.resetHistory();

    const response = await deploy('next', {}, handler);

    expect(response.Data).toMatchObject({ LoadBalancerIndex: 1, Priority: 50000, ListenerArn: loadBalancers()[1].listenerArn });
    // Its 100 rules say load balancer 0 is full: its 70 claims (7 pages) are not read.
    expect(ssmMock.commandCalls(ssm.GetParametersByPathCommand).map((call) => call.args[0].input.Path)).toEqual([`${CLAIMS_PATH}/load-balancer-1`]);
    expect(readJson(`${CLAIMS_PATH}/load-balancer-1/slot-0`)).toEqual({ tenantId: 'next', priority: 50000 });
    expect(slotsOf(0)).toHaveLength(70);
  });

  test('when every load balancer is full it answers FAILED, saying how many tenants each serves, and writes nothing', async () => {
    for (let index = 0; index < 100; index++) pin(0, `pinned${index}`, 100 + index);
    for (let index = 0; index < 60; index++) pin(1, `other${index}`, 300 + index);
    for (let slot = 0; slot < 40; slot++) seedPlacement(1, slot, `t${slot}`);
    const before = new Map(store);

    const response = await invoke('acme');

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(`${CLAIMS_PATH}/tenants/acme`);
    expect(response.Reason).toBe('Environment dev has no room for tenant acme: load balancer 0 serves 100 tenants, load balancer 1 serves 100 tenants'
      + ' (at most 100 each); raise loadBalancers of environment dev and deploy again');
    expect(putCalls()).toHaveLength(0);
    expect(new Map(store)).toEqual(before);
  });

  test('LoadBalancerIndex restricts the tenant to that load balancer, as a number or as a string', async () => {
    const asNumber = await invoke('acme', { loadBalancerIndex: 1 });
    const asString = await invoke('beta', { loadBalancerIndex: '1' });

    expect(asNumber.Data).toMatchObject({ LoadBalancerIndex: 1, Priority: 50000, ListenerArn: loadBalancers()[1].listenerArn });
    expect(asString.Data).toMatchObject({ LoadBalancerIndex: 1, Priority: 49999 });
    expect(slotsOf(0)).toHaveLength(0);
  });

  test('a full load balancer named by LoadBalancerIndex answers FAILED even when another has room', async () => {
    for (let index = 0; index < 100; index++) pin(1, `pinned${index}`, 100 + index);

    const response = await invoke('acme', { loadBalancerIndex: 1 });

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('load balancer 1 serves 100 tenants');
    expect(response.Reason).not.toContain('load balancer 0');
    expect(response.Reason).toContain('choose another loadBalancerIndex, or leave it out');
    expect(store.size).toBe(0);
  });

  test('a LoadBalancerIndex the environment does not have answers FAILED', async () => {
    for (const loadBalancerIndex of [2, -1, 'x', 0.5]) {
      const response = await invoke('acme', { loadBalancerIndex });
      expect(response.Status).toBe('FAILED');
      expect(response.Reason).toBe(`LoadBalancerIndex ${loadBalancerIndex} is not one of the 2 load balancers of environment dev`);
    }
    expect(store.size).toBe(0);
  });

  test('a tenant whose host name an existing rule already routes keeps that load balancer and priority', async () => {
    pin(1, 'legacy', 31337);

    const response = await invoke('legacy', { hostName: 'LEGACY.mate.example.com' });

    expect(response.Data).toMatchObject({ LoadBalancerIndex: 1, Priority: 31337, ListenerArn: loadBalancers()[1].listenerArn });
    expect(readJson(`${CLAIMS_PATH}/load-balancer-1/slot-0`)).toEqual({ tenantId: 'legacy', priority: 31337 });
    expect(readJson(`${CLAIMS_PATH}/tenants/legacy`)).toEqual({ loadBalancerIndex: 1, slot: 0, priority: 31337 });
    expect(tenantsOn(1)).toBe(1);
  });

  test('an adopted rule on a load balancer with 100 rules takes its last slot, and the next tenant goes elsewhere', async () => {
    for (let index = 0; index < 99; index++) pin(0, `pinned${index}`, 100 + index);
    pin(0, 'legacy', 31337);

    const adopted = await invoke('legacy');
    const next = await invoke('next');

    expect(adopted.Data).toMatchObject({ LoadBalancerIndex: 0, Priority: 31337 });
    expect(readJson(`${CLAIMS_PATH}/tenants/legacy`)).toEqual({ loadBalancerIndex: 0, slot: 0, priority: 31337 });
    expect(tenantsOn(0)).toBe(100);
    expect(next.Data).toMatchObject({ LoadBalancerIndex: 1, Priority: 50000 });
  });

  test('a retry after a crash between the slot claim and the tenant record reuses the slot it claimed', async () => {
    seedPlacement(0, 0, 'a');
    store.set(`${CLAIMS_PATH}/load-balancer-0/slot-3`, JSON.stringify({ tenantId: 'acme', priority: 49997 }));

    const response = await invoke('acme');

    expect(response.Data).toMatchObject({ LoadBalancerIndex: 0, Priority: 49997 });
    expect(putCalls().map((input) => input.Name)).toEqual([`${CLAIMS_PATH}/tenants/acme`]);
    expect(readJson(`${CLAIMS_PATH}/tenants/acme`)).toEqual({ loadBalancerIndex: 0, slot: 3, priority: 49997 });
    expect(slotsOf(0)).toHaveLength(2);
  });

  test('delete releases the slot and the record, and a second delete still answers SUCCESS', async () => {
    await deploy('a');
    await deploy('acme');
    const physicalResourceId = `${CLAIMS_PATH}/tenants/acme`;

    const first = await invoke('acme', { requestType: 'Delete' });
    const second = await invoke('acme', { requestType: 'Delete' });

    expect(first).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalResourceId });
    expect(second).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalResourceId });
    expect(second.Reason).toContain('No placement recorded');
    expect([...store.keys()].sort()).toEqual([`${CLAIMS_PATH}/load-balancer-0/slot-0`, `${CLAIMS_PATH}/tenants/a`]);

    const rules = loadBalancers()[0].rules;
    rules.splice(rules.findIndex((rule) => rule.host === host('acme')), 1);
    expect((await invoke('next')).Data).toMatchObject({ Priority: 49999 });
  });

  test('delete keeps a slot that names another tenant and tolerates a missing slot', async () => {
    store.set(`${CLAIMS_PATH}/tenants/acme`, JSON.stringify({ loadBalancerIndex: 0, slot: 0, priority: 50000 }));
    store.set(`${CLAIMS_PATH}/load-balancer-0/slot-0`, JSON.stringify({ tenantId: 'other', priority: 50000 }));
    store.set(`${CLAIMS_PATH}/tenants/gone`, JSON.stringify({ loadBalancerIndex: 1, slot: 4, priority: 49996 }));

    expect((await invoke('acme', { requestType: 'Delete' })).Status).toBe('SUCCESS');
    expect((await invoke('gone', { requestType: 'Delete' })).Status).toBe('SUCCESS');

    expect([...store.keys()]).toEqual([`${CLAIMS_PATH}/load-balancer-0/slot-0`]);
  });

  test('delete answers FAILED on errors other than a missing parameter, keeping the physical id it was given', async () => {
    ssmMock.on(ssm.GetParameterCommand).rejects(Object.assign(new Error('User is not authorized to perform ssm:GetParameter'), { name: 'AccessDeniedException' }));

    const response = await invoke('acme', { requestType: 'Delete', physicalResourceId: 'some-old-id' });

    expect(response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'some-old-id', Reason: 'User is not authorized to perform ssm:GetParameter' });
  });

  test('an error of the load balancer API answers FAILED with its message', async () => {
    elbMock.on(elbv2.DescribeRulesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const response = await invoke('acme');

    expect(response).toMatchObject({ Status: 'FAILED', Reason: 'Rate exceeded', PhysicalResourceId: `${CLAIMS_PATH}/tenants/acme` });
    expect(store.size).toBe(0);
  });

  test('an update naming another load balancer claims a slot there first, then releases the old one', async () => {
    await deploy('acme');
    await deploy('b', { loadBalancerIndex: 1 });

    const moved = await invoke('acme', { requestType: 'Update', loadBalancerIndex: 1 });

    expect(moved.Data).toMatchObject({ LoadBalancerIndex: 1, Priority: 49999 });
    expect(readJson(`${CLAIMS_PATH}/tenants/acme`)).toEqual({ loadBalancerIndex: 1, slot: 1, priority: 49999 });
    expect(slotsOf(0)).toHaveLength(0);
    const names = ssmMock.calls().map((call) => [call.args[0].constructor.name, (call.args[0].input as { Name?: string }).Name]);
    const claimed = names.findIndex(([command, name]) => command === 'PutParameterCommand' && name === `${CLAIMS_PATH}/load-balancer-1/slot-1`);
    const released = names.findIndex(([command, name]) => command === 'DeleteParameterCommand' && name === `${CLAIMS_PATH}/load-balancer-0/slot-0`);
    expect(claimed).toBeGreaterThanOrEqual(0);
    expect(released).toBeGreaterThan(claimed);
  });

  test('a tenant recorded on a load balancer the environment no longer has is placed again, and its old slot released', async () => {
    environment(3);
    seedPlacement(2, 0, 'acme', false);
    environment(2);

    const response = await invoke('acme', { requestType: 'Update' });

    expect(response.Data).toMatchObject({ LoadBalancerIndex: 0, Priority: 50000 });
    expect(slotsOf(2)).toHaveLength(0);
  });

  test('a placement held up past the function\'s deadline answers FAILED in time, and the retry finds what it claimed', async () => {
    cloud.latencyMs = 40;

    // The function keeps 20 s to answer: 20.2 s left leaves the placement 200 ms, five of its nine calls.
    const late = await invoke('acme', { remainingMs: 20_200 });

    expect(late).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${CLAIMS_PATH}/tenants/acme` });
    expect(late.Reason).toMatch(/^Placement of tenant acme did not finish in time .*; deploy again: a retry keeps any slot this attempt claimed$/);
    // Lambda would freeze the attempt; here it goes on and claims slot 0.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(slotsOf(0)).toEqual([`${CLAIMS_PATH}/load-balancer-0/slot-0`]);
    cloud.latencyMs = undefined;

    const retry = await deploy('acme');

    expect(retry).toMatchObject({ Status: 'SUCCESS', Data: { LoadBalancerIndex: 0, Priority: 50000 } });
    expect(slotsOf(0)).toEqual([`${CLAIMS_PATH}/load-balancer-0/slot-0`]);
    expect(slotsOf(1)).toEqual([]);
  });

  test('a delete held up past the deadline answers FAILED, keeping the physical id it was given, and deleting again succeeds', async () => {
    await deploy('acme');
    cloud.latencyMs = 40;

    const late = await invoke('acme', { requestType: 'Delete', remainingMs: 20_050 });

    expect(late).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${CLAIMS_PATH}/tenants/acme` });
    expect(late.Reason).toMatch(/^Placement of tenant acme did not finish in time .*; delete the stack again$/);
    cloud.latencyMs = undefined;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect((await invoke('acme', { requestType: 'Delete' })).Status).toBe('SUCCESS');
    expect(store.size).toBe(0);
  });

  test('30 tenants placed at the same moment all succeed, never share a priority nor overfill a load balancer', async () => {
    for (let index = 0; index < 20; index++) pin(0, `pinned${index}`, 2000 + index);
    for (let slot = 0; slot < 70; slot++) seedPlacement(0, slot, `old${slot}`);
    const pinnedPriorities = loadBalancers().map((lb) => lb.rules.map((rule) => rule.priority));
    cloud.jitter = seeded(7);

    const tenants = Array.from({ length: 30 }, (_, index) => `new${index}`);
    const results = await Promise.all(tenants.map((tenantId) => deploy(tenantId)));

    expect(results.filter((result) => result.Status !== 'SUCCESS')).toEqual([]);
    expect(cloud.rejectedClaims).toBeGreaterThan(0);
    expect(results.filter((result) => result.Data!.LoadBalancerIndex === 0)).toHaveLength(10);
    for (const index of [0, 1]) {
      const placed = results.filter((result) => result.Data!.LoadBalancerIndex === index).map((result) => result.Data!.Priority);
      const priorities = [...pinnedPriorities[index], ...placed];
      expect(new Set(priorities).size).toBe(priorities.length);
      expect(tenantsOn(index)).toBeLessThanOrEqual(TENANTS_PER_LOAD_BALANCER);
    }
    expect(tenantsOn(0)).toBe(100);
    expect(tenantsOn(1)).toBe(20);
    for (const tenantId of tenants) {
      const record = readJson(`${CLAIMS_PATH}/tenants/${tenantId}`);
      expect(readJson(`${CLAIMS_PATH}/load-balancer-${record.loadBalancerIndex}/slot-${record.slot}`)).toEqual({ tenantId, priority: record.priority });
    }
  });

  test('a burst of 50 placements on one load balancer spreads over its free slots instead of racing for each in turn', async () => {
    environment(1);
    cloud.jitter = seeded(5);

    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => invoke(`burst${index}`)));

    expect(results.filter((result) => result.Status !== 'SUCCESS')).toEqual([]);
    expect(new Set(results.map((result) => result.Data!.Priority)).size).toBe(50);
    // Racing slot by slot from the lowest, the k-th tenant to win would first lose k - 1 claims: 1,225 for 50 tenants,
    // each a PutParameter on the account's Parameter Store throughput.
    expect(cloud.rejectedClaims).toBeGreaterThan(0);
    expect(cloud.rejectedClaims).toBeLessThan(100);
  });

  // 120 placements, each reading up to 100 claims page by page: about 4 s alone, more on a busy CI machine.
  test('120 tenants placed at the same moment on one load balancer: 100 succeed with distinct priorities, 20 answer FAILED', async () => {
    environment(1);
    cloud.jitter = seeded(11);

    const results = await Promise.all(Array.from({ length: 120 }, (_, index) => invoke(`t${index}`)));

    const succeeded = results.filter((result) => result.Status === 'SUCCESS');
    expect(succeeded).toHaveLength(100);
    expect(cloud.rejectedClaims).toBeGreaterThan(0);
    expect(new Set(succeeded.map((result) => result.Data!.Priority)).size).toBe(100);
    expect(results.filter((result) => result.Status === 'FAILED').every((result) => result.Reason.includes('has no room'))).toBe(true);
    expect(slotsOf(0)).toHaveLength(100);
    expect([...store.keys()].filter((name) => name.includes('/tenants/'))).toHaveLength(100);
  }, 30_000);
});
