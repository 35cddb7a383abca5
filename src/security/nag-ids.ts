import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { acknowledgeFindings } from './acknowledge-findings';

/**
 * A value as cdk-nag writes it in the id of a finding about it, for example
 * `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<LogGroupF5B46931>:*`: references become
 * `<LogicalId>` and `<LogicalId.Attribute>`, joins are joined.
 */
export function renderForNag(scope: IConstruct, value: unknown): string {
  return flatten(Stack.of(scope).resolve(value));
}

/** Acknowledges the AwsSolutions-IAM5 finding of one rendered wildcard resource on `scope`. */
export function acknowledgeWildcardResource(scope: IConstruct, renderedResource: string, reason: string): void {
  acknowledgeFindings(scope, [`AwsSolutions-IAM5[Resource::${renderedResource}]`], reason);
}

function flatten(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  }
  const value = node as { [key: string]: any };
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
