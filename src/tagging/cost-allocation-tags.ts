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

/** Tags every resource below `scope` that can carry a cost-allocation tag. */
export function addCostAllocationTag(scope: IConstruct, key: string, value: string): void {
  Tags.of(scope).add(key, value, { excludeResourceTypes: [...UNTAGGED_RESOURCE_TYPES] });
}
