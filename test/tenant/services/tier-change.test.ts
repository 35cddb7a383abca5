import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra } from '../../../src/base';
import { MateTenant } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { CERTIFICATE_ARN, ENV, IMAGE } from '../../fixtures';
import { FLAG_CONTEXTS } from '../../lifecycle/flag-contexts';

/** Resources with fixed names (or state) that a tier change must update in place: replacing them fails or drops traffic. */
const SERVICE_RESOURCE_TYPES = [
  'AWS::ECS::Service',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::Logs::LogGroup',
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'Custom::MateMigration',
];
const DESTRUCTIVE = [ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE, ResourceImpact.WILL_DESTROY, ResourceImpact.WILL_ORPHAN];

/** The tenant `demo` at `tier`, on a base listening on `applicationPort`, in an app with `context`. */
function tenantTemplate(tier: TenantTier, applicationPort = 8000, context: { [key: string]: unknown } = {}): Record<string, any> {
  const app = new App({ context });
  const baseStack = new Stack(app, 'MateBase-dev', { env: ENV });
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    applicationPort,
  });
  const stack = new Stack(app, 'MateTenant-demo-dev', { env: ENV });
  new MateTenant(stack, 'Tenant', { base, tenantId: 'demo', tier, image: ecs.ContainerImage.fromRegistry(IMAGE) });
  return Template.fromStack(stack).toJSON();
}

/** Every service-side resource the change would replace, destroy or orphan, as `<logical id> (<type>): <impact>`. */
function destructiveServiceChanges(oldTemplate: Record<string, any>, newTemplate: Record<string, any>): string[] {
  const problems: string[] = [];
  fullDiff(oldTemplate, newTemplate).resources.forEachDifference((logicalId, change) => {
    const type = change.oldResourceType ?? change.newResourceType;
    if (type !== undefined && SERVICE_RESOURCE_TYPES.includes(type) && (change.isRemoval || DESTRUCTIVE.includes(change.changeImpact))) {
      problems.push(`${logicalId} (${type}): ${change.isRemoval ? ResourceImpact.WILL_DESTROY : change.changeImpact}`);
    }
  });
  return problems;
}

/** The service-side resources the change updates in place, with the properties it changes. */
function inPlaceServiceUpdates(oldTemplate: Record<string, any>, newTemplate: Record<string, any>): string[] {
  const updated: string[] = [];
  fullDiff(oldTemplate, newTemplate).resources.forEachDifference((logicalId, change) => {
    if (change.newResourceType && SERVICE_RESOURCE_TYPES.includes(change.newResourceType) && change.isUpdate) {
      updated.push(`${logicalId}: ${Object.keys(change.propertyUpdates).sort().join(', ')}`);
    }
  });
  return updated;
}

describe.each(FLAG_CONTEXTS)('tier changes, under %s', (_flags, context) => {
  const trial = tenantTemplate(TenantTier.TRIAL, 8000, context);
  const standard = tenantTemplate(TenantTier.STANDARD, 8000, context);
  const enterprise = tenantTemplate(TenantTier.ENTERPRISE, 8000, context);

  test.each([
    ['TRIAL -> STANDARD', trial, standard],
    ['STANDARD -> ENTERPRISE', standard, enterprise],
    ['ENTERPRISE -> TRIAL', enterprise, trial],
    ['TRIAL -> ENTERPRISE', trial, enterprise],
  ])('%s updates services, routing, logs and scaling in place', (_name, before, after) => {
    expect(destructiveServiceChanges(before, after)).toEqual([]);
  });

  test('moving workers off Spot and resizing the range are in-place updates of the service and its scalable target', () => {
    const updates = inPlaceServiceUpdates(trial, enterprise);
    expect(updates).toEqual(expect.arrayContaining([
      expect.stringMatching(/^TenantServicesCeleryService\w+: .*CapacityProviderStrategy/),
      expect.stringMatching(/^TenantServicesDjangoServiceTaskCountTarget\w+: MaxCapacity, MinCapacity/),
      expect.stringMatching(/^TenantServicesDjangoTaskLogs\w+: RetentionInDays/),
    ]));
  });

  test('the check reports a replacement: a new application port replaces the target group', () => {
    expect(destructiveServiceChanges(trial, tenantTemplate(TenantTier.TRIAL, 8080, context))).toEqual([
      expect.stringMatching(/^TenantServicesDjangoRoutingTargetGroup\w+ \(AWS::ElasticLoadBalancingV2::TargetGroup\): WILL_REPLACE$/),
    ]);
  });
});
