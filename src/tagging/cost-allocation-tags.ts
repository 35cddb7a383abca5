import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Resource types that get no cost-allocation tag. aws-cdk-lib renders Tags on them because the CloudFormation
 * registry schema has them, but the schemas cfn-lint ships do not (yet), so cfn-lint would fail every template with
 * E3002. None of them is worth a tag: listeners, listener rules and scalable targets cost nothing, and dashboards are
 * found by their name, which holds the environment and tenant.
 */
export const UNTAGGED_RESOURCE_TYPES: readonly string[] = [
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::CloudWatch::Dashboard',
];

/**
 * Resource types CloudFormation replaces when their tags change: the SAM transform turns an
 * `AWS::Serverless::Application` into a nested stack whose tags it can only set by recreating it (the database's
 * rotation application). They carry only tags that never change for a stack (tenant, environment), so that a tier
 * change replaces nothing.
 */
export const REPLACED_ON_TAG_CHANGE_RESOURCE_TYPES: readonly string[] = [
  'AWS::Serverless::Application',
];

/** Whether a tag's value changes during a stack's life (the tier) or never does (the tenant, the environment). */
export enum TagLifetime {
  /** Set once when the stack is created; every resource that can carry a tag gets it. */
  FIXED = 'FIXED',
  /** Changes with the props (a tier change); resources whose tag change replaces them do not get it. */
  CHANGING = 'CHANGING',
}

/** Tags every resource below `scope` that can carry a cost-allocation tag (and, for a changing tag, keep it in place). */
export function addCostAllocationTag(scope: IConstruct, key: string, value: string, lifetime: TagLifetime = TagLifetime.FIXED): void {
  const excluded = lifetime === TagLifetime.CHANGING
    ? [...UNTAGGED_RESOURCE_TYPES, ...REPLACED_ON_TAG_CHANGE_RESOURCE_TYPES]
    : [...UNTAGGED_RESOURCE_TYPES];
  Tags.of(scope).add(key, value, { excludeResourceTypes: excluded });
}
