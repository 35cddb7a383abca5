/**
 * The quota tests every scale environment passes (environment-at-scale.test.ts: 250 tenants in one app;
 * environment-of-1000-tenants.test.ts: 1,000 tenants in apps of their own): on the synthesized templates, and on the
 * simulated deployment of every tenant through the environment's placement function.
 */
import type { Deployment, EnvironmentTally } from './scale-environment';
import { evaluate, placementProperties, QUOTAS, resourcesOf } from './scale-environment';
import { TENANTS_PER_LOAD_BALANCER } from '../../src/base/load-balancer-quotas';
import { PLACEMENT_SERVICE_TIMEOUT } from '../../src/base/tenant-placement-source';
import { MAX_LISTENER_RULE_PRIORITY } from '../../src/tenant/services/listener-priority';

export interface ScaleEnvironment {
  /** What the environment's synthesized stacks hold. */
  readonly tally: EnvironmentTally;
  /** Every tenant deployed, many at the same moment. */
  readonly deployment: Deployment;
}

export interface ExpectedScale {
  readonly tenants: number;
  readonly loadBalancers: number;
  /** Placements in flight at once in the simulated deployment. */
  readonly inFlight: number;
}

/** Tenants on each load balancer when tenants without loadBalancerIndex fill them in order, 100 each. */
function filledInOrder({ tenants, loadBalancers }: ExpectedScale): number[] {
  return Array.from({ length: loadBalancers },
    (_, index) => Math.max(0, Math.min(TENANTS_PER_LOAD_BALANCER, tenants - index * TENANTS_PER_LOAD_BALANCER)));
}

/** Defines the quota tests of an environment that `environment()` returns once the suite's `beforeAll` built it. */
export function quotaTests(expected: ExpectedScale, environment: () => ScaleEnvironment): void {
  const tally = () => environment().tally;
  const base = () => tally().base!;
  const deployment = () => environment().deployment;

  test(`every tenant stack is synthesized, and the base has ${expected.loadBalancers} load balancers whose HTTPS listeners the placement function knows`, () => {
    expect(tally().tenants).toHaveLength(expected.tenants);
    expect(resourcesOf(base().template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toHaveLength(expected.loadBalancers);
    expect(base().httpsListenerIds).toHaveLength(expected.loadBalancers);
    expect([...base().listenerIds].sort()).toEqual([...base().httpsListenerIds].sort());
  });

  test(`each tenant stack holds at most ${QUOTAS.stackResources} resources and ${QUOTAS.stackBytes / 1000} kB of template`, () => {
    const tooLarge = tally().tenants
      .filter(({ resources, bytes }) => resources > QUOTAS.stackResources || bytes > QUOTAS.stackBytes)
      .map(({ stackName, resources, bytes }) => ({ stackName, resources, bytes }));
    expect(tooLarge).toEqual([]);
  });

  test('the base stack stays within the same limits', () => {
    expect(Object.keys(base().template.Resources).length).toBeLessThanOrEqual(QUOTAS.stackResources);
    expect(base().bytes).toBeLessThanOrEqual(QUOTAS.stackBytes);
  });

  test('each tenant leaves its placement to the environment\'s function: one placement resource with its id and host name, one rule, target group and record', () => {
    const placementFunctionArn = base().published.get('/mate/bench/tenant-placement-function/arn');
    expect(placementFunctionArn).toEqual({ 'Fn::GetAtt': [base().placementFunction, 'Arn'] });
    const serviceTimeout = String(PLACEMENT_SERVICE_TIMEOUT.toSeconds());
    const unlike = tally().tenants.filter((tenant) => {
      const tenantId = tenant.stackName.split('-')[1];
      const host = `${tenantId}.mate.example.com`;
      const [rule] = tenant.rules;
      const properties = { ServiceTimeout: serviceTimeout, TenantId: tenantId, HostName: host };
      return tenant.placements.length !== 1
        || tenant.placements[0].serviceToken !== '/mate/bench/tenant-placement-function/arn'
        || JSON.stringify(placementProperties(tenant.placements[0], tenant, base())) !== JSON.stringify(properties)
        || tenant.rules.length !== 1 || tenant.targetGroups.length !== 1 || tenant.records.length !== 1
        || JSON.stringify(rule.hosts.map((value) => evaluate(value, tenant, base()))) !== JSON.stringify([host])
        // The rule forwards to the tenant's own target group: rules per load balancer count its target groups too.
        || JSON.stringify(rule.forwardsTo) !== JSON.stringify([{ Ref: tenant.targetGroups[0] }])
        || evaluate(tenant.records[0].name, tenant, base()) !== `${host}.`;
    });
    expect(unlike.map(({ stackName }) => stackName)).toEqual([]);
    expect(resourcesOf(base().template, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual([]);
  });

  test(`deployed ${expected.inFlight} at a time, every tenant is placed; each load balancer gets at most ${QUOTAS.rulesPerListener} rules and target groups, with unique priorities`, () => {
    const { deployed, failures, cloud, rejectedClaims } = deployment();
    expect(failures).toEqual([]);
    expect(deployed.size).toBe(expected.tenants);
    // Tenants deployed at the same moment raced for the same slots, and each lost race moved on to a free one.
    expect(rejectedClaims).toBeGreaterThan(0);
    // Every SSM call counts on the account's Parameter Store throughput. A placement reads the tenant's record and the
    // claims of the load balancers with room, and claims slots: 13 calls per tenant at 1,000 tenants, 50 in flight
    // (58 when it read every load balancer's claims, 76 when losers also took the next slot in turn).
    const ssmCalls = ['GetParameterCommand', 'GetParametersByPathCommand', 'PutParameterCommand']
      .reduce((total, command) => total + (cloud.calls.get(command) ?? 0), 0);
    expect(ssmCalls).toBeLessThan(20 * expected.tenants);

    const perLoadBalancer = cloud.loadBalancers.map((lb) => lb.rules.length);
    expect(perLoadBalancer).toEqual(filledInOrder(expected));
    for (const [index, lb] of cloud.loadBalancers.entries()) {
      expect(lb.rules.length).toBeLessThanOrEqual(QUOTAS.rulesPerListener);
      expect(lb.rules.length).toBeLessThanOrEqual(QUOTAS.targetGroupsPerLoadBalancer);
      const priorities = lb.rules.map((rule) => rule.priority);
      expect(new Set(priorities).size).toBe(priorities.length);
      expect(Math.min(...priorities, MAX_LISTENER_RULE_PRIORITY)).toBeGreaterThan(MAX_LISTENER_RULE_PRIORITY - TENANTS_PER_LOAD_BALANCER);
      // The function's records agree: one slot claim per tenant on the load balancer.
      expect(cloud.slotsOf(index)).toHaveLength(lb.rules.length);
    }
  });

  test('each tenant\'s rule and alias record follow its own placement', () => {
    // The deployment created each rule and checked each record from `Fn::GetAtt`s of the tenant's own placement
    // resource (any other value fails it): what remains is that each rule is where the function placed the tenant.
    const { deployed, cloud } = deployment();
    const misplaced = [...deployed.values()].filter(({ tenantId, loadBalancerIndex, priority, data }) =>
      !cloud.loadBalancers[loadBalancerIndex].rules.some((rule) => rule.host === `${tenantId}.mate.example.com` && rule.priority === priority)
      || data.ListenerArn !== cloud.loadBalancers[loadBalancerIndex].listenerArn);
    expect(misplaced).toEqual([]);
  });

  test(`no security group has more than ${QUOTAS.rulesPerSecurityGroup} inbound or outbound rules, and no tenant adds a rule to a shared group`, () => {
    expect(tally().rulesOnSharedGroups).toEqual([]);
    const crowded = [...tally().securityGroupRules.entries()]
      .filter(([, counts]) => counts.in > QUOTAS.rulesPerSecurityGroup || counts.out > QUOTAS.rulesPerSecurityGroup);
    expect(crowded).toEqual([]);
  });

  test(`each load balancer serves at most ${QUOTAS.certificatesPerLoadBalancer} certificates: the one wildcard certificate, and no tenant adds one`, () => {
    for (const [, listener] of resourcesOf(base().template, 'AWS::ElasticLoadBalancingV2::Listener')) {
      expect((listener.Properties.Certificates ?? []).length).toBeLessThanOrEqual(1);
    }
    expect(tally().listenerCertificates).toEqual([]);
    expect(resourcesOf(base().template, 'AWS::CertificateManager::Certificate')).toHaveLength(1);
  });
}
