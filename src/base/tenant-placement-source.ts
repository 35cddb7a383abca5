import { Duration } from 'aws-cdk-lib';
import { TENANTS_PER_LOAD_BALANCER } from './load-balancer-quotas';
import { CLOUDFORMATION_RESPONSE_SOURCE } from '../private/cloudformation-response-source';
import { MAX_LISTENER_RULE_PRIORITY } from '../tenant/services/listener-priority';

/** The CloudFormation type of the resource that places a tenant on a load balancer of its environment. */
export const PLACEMENT_RESOURCE_TYPE = 'Custom::MateTenantPlacement';

/** Where, below the environment's parameters (`/<prefix>/<environment>/`), the function keeps its claims: all it may write. */
export const PLACEMENT_CLAIMS_DIRECTORY = 'tenant-placement';

/** How long the placement function may run: a placement reads at most every listener's rules and claims. */
export const PLACEMENT_FUNCTION_TIMEOUT = Duration.minutes(5);

/** The time the function keeps before its timeout to answer FAILED when a placement has not finished. */
const ANSWER_MARGIN = Duration.seconds(20);

/**
 * How long CloudFormation waits for a placement's answer (an hour unless set): the function answers before its own
 * timeout, so this only bounds the wait when it died without answering.
 */
export const PLACEMENT_SERVICE_TIMEOUT = PLACEMENT_FUNCTION_TIMEOUT.plus(Duration.minutes(5));

/**
 * Source of the Lambda function behind the `Custom::MateTenantPlacement` resource (inline, so the library ships no
 * asset).
 *
 * It chooses, at deployment, the load balancer and listener rule priority of a tenant. Synth cannot: it sees only the
 * tenants of its own app, so two apps of one environment could put two tenants on one priority (a hash of the tenant
 * id collides, as `c10` and `c14` do) or more than an Application Load Balancer's 100 target groups on one load
 * balancer. The function sees every tenant of the environment through records it keeps in SSM (String, Standard tier)
 * under CLAIMS_PATH, and writes nowhere else:
 * - `load-balancer-<i>/slot-<k>` (k below TENANTS_PER_LOAD_BALANCER), `{"tenantId","priority"}`: a slot claim. Slot k
 *   gives priority MAX_LISTENER_RULE_PRIORITY - k, unless a rule already uses that priority on the listener (then it
 *   is no candidate).
 * - `tenants/<tenantId>`, `{"loadBalancerIndex","slot","priority"}`: the tenant's placement; also the physical id.
 *
 * Create and Update answer, in this order:
 * 1. Sticky: the tenant record, if it names an existing load balancer (the given LoadBalancerIndex, if any). Updates,
 *    tier changes and other tenants' deployments never move a tenant.
 * 2. Crash retry: a slot claim naming the tenant (an earlier attempt died before writing the tenant record).
 * 3. Adopt: a listener rule already routing HostName (deployed by an earlier version with a fixed priority, or by
 *    another app) keeps its load balancer and priority; it claims a slot, if one is free, for the count.
 * 4. Claim: on each candidate load balancer in order, rules whose priority no slot records are pinned (tenants that
 *    fixed listenerRulePriority); slots below (TENANTS_PER_LOAD_BALANCER - pinned) that are unclaimed and whose
 *    priority is free are created with Overwrite false: the lowest first, then, once another tenant won it, on from a
 *    slot the tenant id decides (`spread`, FNV-1a). A burst of deployments so spreads over the free slots; racing for
 *    each slot in turn, n simultaneous placements would lose n(n-1)/2 claims, each a PutParameter on the account's
 *    Parameter Store throughput.
 * 5. Otherwise FAILED, naming how many tenants each load balancer serves.
 * A listener with TENANTS_PER_LOAD_BALANCER rules is full: its claims are not read (ten GetParametersByPath pages),
 * which keeps a placement in a large environment to a few SSM reads.
 * A slot is created by exactly one claimant and slot numbers are bounded, so deployments running at the same moment
 * never share a priority on a listener nor overfill a load balancer, however many run at once. A tenant whose LoadBalancerIndex changes claims on the new load balancer, then releases
 * its old slot. Delete releases the slot (if it still names the tenant) and the record; missing records are fine,
 * since a failed delete blocks the stack's deletion.
 *
 * Every request is answered before the function's timeout: when throttled SSM or Elastic Load Balancing calls hold a
 * placement up, FAILED with "deploy again" ANSWER_MARGIN before it, rather than a tenant stack waiting an hour for an
 * answer that never comes. A slot the attempt still claims is found by the retry (2.).
 */
export const TENANT_PLACEMENT_SOURCE = `
const sdk = { ...require('@aws-sdk/client-ssm'), ...require('@aws-sdk/client-elastic-load-balancing-v2') };
const ssm = new sdk.SSMClient({ maxAttempts: 8 });
const elb = new sdk.ElasticLoadBalancingV2Client({ maxAttempts: 8 });
const { ENVIRONMENT, CLAIMS_PATH } = process.env;
const LISTENERS = process.env.LISTENER_ARNS.split(',');
const CAPACITY = ${TENANTS_PER_LOAD_BALANCER};
const TOP = ${MAX_LISTENER_RULE_PRIORITY};
const ANSWER_MS = ${ANSWER_MARGIN.toMilliseconds()};
const recordName = (tenantId) => CLAIMS_PATH + '/tenants/' + tenantId;
const slotName = (i, k) => CLAIMS_PATH + '/load-balancer-' + i + '/slot-' + k;
const unless = (name, value) => (error) => { if (error.name === name) return value; throw error; };
const read = (name) => ssm.send(new sdk.GetParameterCommand({ Name: name }))
  .then((out) => JSON.parse(out.Parameter.Value), unless('ParameterNotFound'));
const write = (name, value, overwrite) => ssm.send(new sdk.PutParameterCommand({
  Name: name, Value: JSON.stringify(value), Type: 'String', Tier: 'Standard', Overwrite: overwrite,
})).then(() => true, unless('ParameterAlreadyExists', false));
const spread = (id) => [...id].reduce((hash, c) => Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
const remove = (name) => ssm.send(new sdk.DeleteParameterCommand({ Name: name })).catch(unless('ParameterNotFound'));

exports.handler = async (event, context) => {
  const p = event.ResourceProperties;
  let status = 'SUCCESS';
  let reason;
  let data;
  let timer;
  const deadline = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('Placement of tenant ' + p.TenantId + ' did not finish in time (SSM or Elastic Load Balancing '
      + 'throttled?); ' + (event.RequestType === 'Delete' ? 'delete the stack again' : 'deploy again: a retry keeps any slot this attempt claimed'))),
    context.getRemainingTimeInMillis() - ANSWER_MS);
  });
  try {
    const work = event.RequestType === 'Delete' ? release(p.TenantId) : place(p);
    // Once the deadline answered, a later failure of the attempt is nobody's to handle.
    work.catch(() => undefined);
    const done = await Promise.race([work, deadline]);
    if (event.RequestType === 'Delete') {
      reason = done;
    } else {
      data = done;
      reason = 'Tenant ' + p.TenantId + ' is on load balancer ' + data.LoadBalancerIndex + ' at priority ' + data.Priority;
    }
  } catch (error) {
    status = 'FAILED';
    reason = String(error && error.message ? error.message : error);
  }
  clearTimeout(timer);
  console.log(status, reason);
  const physicalResourceId = event.RequestType === 'Delete' && event.PhysicalResourceId || recordName(p.TenantId);
  await respond(event, status, reason.slice(0, 2000), physicalResourceId, data);
};

async function place(p) {
  const id = p.TenantId;
  const given = [undefined, ''].includes(p.LoadBalancerIndex) ? undefined : Number(p.LoadBalancerIndex);
  if (given !== undefined && !(Number.isInteger(given) && given >= 0 && given < LISTENERS.length)) {
    throw new Error('LoadBalancerIndex ' + p.LoadBalancerIndex + ' is not one of the ' + LISTENERS.length + ' load balancers of environment ' + ENVIRONMENT);
  }
  const old = await read(recordName(id));
  if (old && old.loadBalancerIndex < LISTENERS.length && [undefined, old.loadBalancerIndex].includes(given)) {
    return answer(old.loadBalancerIndex, old.priority);
  }
  const lbs = [];
  for (const i of given === undefined ? LISTENERS.keys() : [given]) lbs.push(await survey(i, id, p.HostName.toLowerCase()));
  const adopt = lbs.find((lb) => lb.hostRule);
  if (adopt && !adopt.claims) await readClaims(adopt, id);
  const retry = lbs.find((lb) => lb.own);
  let placed = retry ? { i: retry.i, ...retry.own } : adopt && await claim(adopt, id, Number(adopt.hostRule.Priority));
  for (const lb of lbs) placed = placed || lb.claims && await claim(lb, id);
  if (!placed) {
    const serves = lbs.map((lb) => 'load balancer ' + lb.i + ' serves ' + (lb.claims ? lb.claims.length + lb.pinned.length : lb.rules.length) + ' tenants');
    throw new Error('Environment ' + ENVIRONMENT + ' has no room for tenant ' + id + ': ' + serves.join(', ') + ' (at most ' + CAPACITY + ' each); '
      + (given === undefined ? 'raise loadBalancers of environment ' + ENVIRONMENT + ' and deploy again' : 'choose another loadBalancerIndex, or leave it out'));
  }
  const record = { loadBalancerIndex: placed.i, slot: placed.slot, priority: placed.priority };
  await write(recordName(id), record, true);
  if (old && (old.loadBalancerIndex !== record.loadBalancerIndex || old.slot !== record.slot)) await free(old, id);
  return answer(record.loadBalancerIndex, record.priority);
}

async function survey(i, tenantId, host) {
  const rules = (await pages(elb, sdk.DescribeRulesCommand, { ListenerArn: LISTENERS[i] }, 'Rules', 'Marker', 'NextMarker')).filter((r) => !r.IsDefault);
  const lb = { i, rules, hostRule: rules.find((r) => (r.Conditions || []).some((c) => ((c.HostHeaderConfig || {}).Values || []).some((h) => h.toLowerCase() === host))) };
  // Each rule is a claimed or a pinned tenant, and tenants never exceed CAPACITY: a listener with CAPACITY rules is
  // full, and none of them is this tenant's (unless adopted), so its ten pages of claims are not read.
  return rules.length < CAPACITY ? readClaims(lb, tenantId) : lb;
}

async function readClaims(lb, tenantId) {
  const params = await pages(ssm, sdk.GetParametersByPathCommand, { Path: CLAIMS_PATH + '/load-balancer-' + lb.i }, 'Parameters', 'NextToken', 'NextToken');
  lb.claims = params.map((q) => ({ ...JSON.parse(q.Value), slot: Number(q.Name.split('/slot-')[1]) }));
  const recorded = new Set(lb.claims.map((c) => c.priority));
  lb.pinned = lb.rules.filter((r) => !recorded.has(Number(r.Priority)));
  lb.own = lb.claims.find((c) => c.tenantId === tenantId);
  return lb;
}

/** Claims a free slot on lb: for priority TOP - slot, or for the count only when adopting a rule of that priority. */
async function claim(lb, tenantId, adopted) {
  const taken = new Set(lb.rules.map((r) => Number(r.Priority)));
  const claimed = new Set(lb.claims.map((c) => c.slot));
  const room = CAPACITY - lb.pinned.filter((r) => Number(r.Priority) !== adopted).length;
  const [lowest, ...rest] = [...Array(Math.max(room, 0)).keys()].filter((slot) => !claimed.has(slot) && (adopted || !taken.has(TOP - slot)));
  const start = rest.length && spread(tenantId) % rest.length;
  for (const slot of lowest === undefined ? [] : [lowest, ...rest.slice(start), ...rest.slice(0, start)]) {
    const priority = adopted || TOP - slot;
    if (await write(slotName(lb.i, slot), { tenantId, priority }, false)) return { i: lb.i, slot, priority };
  }
  return adopted && { i: lb.i, slot: null, priority: adopted };
}

async function answer(i, priority) {
  const listener = (await elb.send(new sdk.DescribeListenersCommand({ ListenerArns: [LISTENERS[i]] }))).Listeners[0];
  const lb = (await elb.send(new sdk.DescribeLoadBalancersCommand({ LoadBalancerArns: [listener.LoadBalancerArn] }))).LoadBalancers[0];
  return {
    LoadBalancerIndex: i, Priority: priority, ListenerArn: LISTENERS[i], LoadBalancerArn: lb.LoadBalancerArn,
    DnsName: lb.DNSName, CanonicalHostedZoneId: lb.CanonicalHostedZoneId,
  };
}

async function release(tenantId) {
  const record = await read(recordName(tenantId));
  if (!record) return 'No placement recorded for tenant ' + tenantId;
  await free(record, tenantId);
  await remove(recordName(tenantId));
  return 'Released load balancer ' + record.loadBalancerIndex + ', priority ' + record.priority + ' of tenant ' + tenantId;
}

async function free(record, tenantId) {
  const name = slotName(record.loadBalancerIndex, record.slot);
  if (record.slot !== null && (await read(name) || {}).tenantId === tenantId) await remove(name);
}

async function pages(client, Command, input, list, token, nextToken) {
  const items = [];
  let next;
  do {
    const out = await client.send(new Command({ ...input, [token]: next }));
    items.push(...out[list] || []);
    next = out[nextToken];
  } while (next);
  return items;
}
${CLOUDFORMATION_RESPONSE_SOURCE}`;
