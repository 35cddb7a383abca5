import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcardResource, renderForNag } from '../security/nag-ids';

/**
 * Acknowledges, on `scope`, the AwsSolutions-IAM5 finding of each wildcard resource of `statement`, with `reason`.
 * cdk-nag names such a finding by the resource as the template renders it (`<AWS::Partition>` for a reference), so the
 * id is rendered the same way; a resource that later changes raises a new, unacknowledged finding.
 */
export function acknowledgeWildcardResources(scope: IConstruct, statement: iam.PolicyStatement, reason: string): void {
  for (const resource of statement.resources) {
    const rendered = renderForNag(scope, resource);
    if (rendered.includes('*')) {
      acknowledgeWildcardResource(scope, rendered, reason);
    }
  }
}
