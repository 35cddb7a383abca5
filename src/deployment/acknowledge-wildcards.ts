import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges, on `scope`, the AwsSolutions-IAM5 finding of each wildcard resource of `statement`, with `reason`.
 * cdk-nag names such a finding by the resource as the template renders it (`<AWS::Partition>` for a reference), so the
 * id is rendered the same way; a resource that later changes raises a new, unacknowledged finding.
 */
export function acknowledgeWildcardResources(scope: IConstruct, statement: iam.PolicyStatement, reason: string): void {
  const stack = Stack.of(scope);
  for (const resource of statement.resources) {
    const rendered = flatten(stack.resolve(resource));
    if (rendered.includes('*')) {
      Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${rendered}]`, reason });
    }
  }
}

/** A resolved CloudFormation value as cdk-nag writes it in finding ids. */
function flatten(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  }
  const value = node as Record<string, any>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (value['Fn::Sub']) {
    return flatten(value['Fn::Sub']);
  }
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (value.Ref) {
    return `<${flatten(value.Ref)}>`;
  }
  return JSON.stringify(node);
}
