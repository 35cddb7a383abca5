import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { changesAnything, dataLosses, deployment } from './replacement-safety';
import type { MateBaseInfraProps } from '../../src/base';

/** Every base prop a user is likely to change once tenants run on the environment, and a change of it. */
const BASE_CHANGES: Array<[string, Partial<MateBaseInfraProps>]> = [
  ['alarmEmails', { alarmEmails: ['oncall@example.com', 'platform@example.com'] }],
  ['wafRateLimit', { wafRateLimit: 5000 }],
  ['maxImageCount', { maxImageCount: 50 }],
  ['logRetention', { logRetention: logs.RetentionDays.TWO_YEARS }],
  ['accessLogRetention', { accessLogRetention: Duration.days(400) }],
  ['sslPolicy', { sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }],
  ['loadBalancerDeletionProtection', { loadBalancerDeletionProtection: true }],
  ['natGateways', { natGateways: 2 }],
  ['dashboard', { dashboard: false }],
];

describe('changing the environment while tenants run on it', () => {
  const before = deployment();

  test.each(BASE_CHANGES)('(%s) replaces or removes no key, bucket or tenant data store', (_change, change) => {
    const after = deployment(change);
    expect(changesAnything(before, after)).toBe(true);
    expect(dataLosses(before, after)).toEqual([]);
  });
});

/** What deploying one template over another does: resources as `<type> <logical id>`, outputs as `<change> <key>`. */
interface TemplateChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly replaced: string[];
  /** `<type> <logical id>: <changed properties>`. */
  readonly updated: string[];
  readonly outputs: string[];
  /** How many CloudFormation parameters change. */
  readonly parameters: number;
}

/** What deploying `after` over `before` does to each resource and output, by kind of change. */
function changesOf(before: { [key: string]: any }, after: { [key: string]: any }): TemplateChanges {
  const diff = fullDiff(before, after);
  const changes: TemplateChanges = { added: [], removed: [], replaced: [], updated: [], outputs: [], parameters: diff.parameters.differenceCount };
  diff.resources.forEachDifference((logicalId, change) => {
    const type = change.newResourceType ?? change.oldResourceType;
    if (change.isAddition) {
      changes.added.push(`${type} ${logicalId}`);
    } else if (change.isRemoval) {
      changes.removed.push(`${type} ${logicalId}`);
    } else if ([ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE].includes(change.changeImpact)) {
      changes.replaced.push(`${type} ${logicalId}`);
    } else {
      changes.updated.push(`${type} ${logicalId}: ${[...Object.keys(change.propertyUpdates), ...Object.keys(change.otherChanges)].sort().join(', ')}`);
    }
  });
  diff.outputs.forEachDifference((key, change) => {
    changes.outputs.push(`${change.isAddition ? 'added' : change.isRemoval ? 'removed' : 'changed'} ${key}`);
  });
  return changes;
}

/** The resources of `template` that load balancers 2 and 3 bring, as `<type> <logical id>`, sorted. */
function secondAndThirdLoadBalancers(template: { [key: string]: any }): string[] {
  const resources = Object.entries(template.Resources as Record<string, any>);
  const loadBalancerIds = resources
    .filter(([, resource]) => resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && ['mate-dev-2', 'mate-dev-3'].includes(resource.Properties.Name))
    .map(([id]) => id);
  const refersToOne = (value: unknown) => loadBalancerIds.some((id) => JSON.stringify(value).includes(`"${id}"`));
  const listenerIds = resources.filter(([, resource]) => resource.Type === 'AWS::ElasticLoadBalancingV2::Listener' && refersToOne(resource.Properties.LoadBalancerArn))
    .map(([id]) => id);
  return resources
    .filter(([id, resource]) => loadBalancerIds.includes(id) || listenerIds.includes(id)
      || (resource.Type === 'AWS::WAFv2::WebACLAssociation' && refersToOne(resource.Properties.ResourceArn))
      || (resource.Type === 'AWS::SSM::Parameter' && /^\/mate\/dev\/load-balancer-[23]\//.test(resource.Properties.Name)))
    .map(([id, resource]) => `${resource.Type} ${id}`)
    .sort();
}

describe('changing the number of load balancers', () => {
  const one = deployment();
  const three = deployment({ loadBalancers: 3 });
  const broughtByTwoAndThree = secondAndThirdLoadBalancers(three.base);

  test('load balancers 2 and 3 bring 16 resources: each itself, two listeners, a web ACL association and four parameters', () => {
    const countOf = (type: string) => broughtByTwoAndThree.filter((entry) => entry.startsWith(`${type} `)).length;

    expect(broughtByTwoAndThree).toHaveLength(16);
    expect([countOf('AWS::ElasticLoadBalancingV2::LoadBalancer'), countOf('AWS::ElasticLoadBalancingV2::Listener'),
      countOf('AWS::WAFv2::WebACLAssociation'), countOf('AWS::SSM::Parameter')]).toEqual([2, 4, 2, 8]);
  });

  test('raising loadBalancers from 1 to 3 only adds: nothing is replaced or removed, only the dashboard and the placement function\'s listeners change, tenants not at all', () => {
    const changes = changesOf(one.base, three.base);

    expect(changes.added.sort()).toEqual(broughtByTwoAndThree);
    expect(changes.removed).toEqual([]);
    expect(changes.replaced).toEqual([]);
    // The placement function learns the listeners it may place tenants on from its environment variables.
    expect(changes.updated.sort()).toEqual([
      expect.stringMatching(/^AWS::CloudWatch::Dashboard \S+: DashboardBody$/),
      expect.stringMatching(/^AWS::Lambda::Function BaseTenantPlacementFunction\S+: Environment$/),
    ]);
    expect(changes.outputs.sort()).toEqual(['added AlbDnsName2', 'added AlbDnsName3']);
    expect(changes.parameters).toBe(0);
    expect(three.tenant).toEqual(one.tenant);
    expect(dataLosses(one, three)).toEqual([]);
  });

  test('lowering loadBalancers from 3 to 1 removes load balancers 2 and 3 and what they brought, and replaces nothing', () => {
    const changes = changesOf(three.base, one.base);

    expect(changes.removed.sort()).toEqual(broughtByTwoAndThree);
    expect(changes.added).toEqual([]);
    expect(changes.replaced).toEqual([]);
    // The placement function learns the listeners it may place tenants on from its environment variables.
    expect(changes.updated.sort()).toEqual([
      expect.stringMatching(/^AWS::CloudWatch::Dashboard \S+: DashboardBody$/),
      expect.stringMatching(/^AWS::Lambda::Function BaseTenantPlacementFunction\S+: Environment$/),
    ]);
    expect(changes.outputs.sort()).toEqual(['removed AlbDnsName2', 'removed AlbDnsName3']);
    expect(changes.parameters).toBe(0);
    expect(dataLosses(three, one)).toEqual([]);
  });
});
