import type { Template } from 'aws-cdk-lib/assertions';
import { onlyResource } from '../tenant-fixtures';

/** `{ 'Fn::GetAtt': [<tenant key>, 'Arn'] }`: how a store names the tenant's own key. */
export function tenantKeyArn(template: Template): { [key: string]: unknown } {
  return { 'Fn::GetAtt': [onlyResource(template, 'AWS::KMS::Key').id, 'Arn'] };
}

/** Logical ids of the resources of `type` whose properties match `properties`. */
export function logicalIdsOf(template: Template, type: string, properties: { [key: string]: unknown } = {}): string[] {
  return Object.keys(template.findResources(type, { Properties: properties }));
}

/** Every value in `value` (deeply) for which `predicate` holds. */
export function collect(value: unknown, predicate: (node: unknown, key: string | undefined) => boolean, key?: string): unknown[] {
  const found = predicate(value, key) ? [value] : [];
  if (Array.isArray(value)) {
    return found.concat(value.flatMap((item) => collect(item, predicate)));
  }
  if (value !== null && typeof value === 'object') {
    return found.concat(Object.entries(value).flatMap(([childKey, child]) => collect(child, predicate, childKey)));
  }
  return found;
}

/** The logical ids `value` refers to with `Ref` or `Fn::GetAtt`. */
export function referencedIds(value: unknown): string[] {
  const refs = collect(value, (_node, key) => key === 'Ref' || key === 'Fn::GetAtt');
  return refs.map((ref) => (Array.isArray(ref) ? String(ref[0]) : String(ref)));
}
