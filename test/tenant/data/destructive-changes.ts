import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';

/** The resource types whose replacement or removal loses a tenant's data or makes it unreadable. */
export const DATA_RESOURCE_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::S3::Bucket',
  'AWS::EFS::FileSystem',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  // The vault holds the tenant's recovery points; a replacement could not even reuse its name while it holds any.
  'AWS::Backup::BackupVault',
];

const DESTRUCTIVE_IMPACTS = [ResourceImpact.WILL_REPLACE, ResourceImpact.WILL_DESTROY, ResourceImpact.WILL_ORPHAN];

/**
 * Properties the CloudFormation registry schema lists as conditionally create-only (so the diff says MAY_REPLACE)
 * although the AWS::RDS::DBInstance reference documents them as "Update requires: Some interruptions" for an RDS
 * instance outside an Aurora cluster, which is what a tenant database is. BackupRetentionPeriod interrupts only when
 * it moves between 0 and a positive value, and tiers cannot set 0.
 */
const DOCUMENTED_IN_PLACE: { [type: string]: string[] } = {
  'AWS::RDS::DBInstance': ['BackupRetentionPeriod', 'MultiAZ'],
};

/**
 * Every data resource that deploying `newTemplate` over `oldTemplate` would replace (or may replace), destroy or
 * orphan, as `<logical id> (<type>): <impact>`. Property changes CloudFormation applies in place are not listed.
 */
export function destructiveChanges(oldTemplate: { [key: string]: any }, newTemplate: { [key: string]: any }): string[] {
  const problems: string[] = [];
  fullDiff(oldTemplate, newTemplate).resources.forEachDifference((logicalId, change) => {
    const type = change.oldResourceType ?? change.newResourceType;
    if (type === undefined || !DATA_RESOURCE_TYPES.includes(type)) {
      return;
    }
    if (change.isRemoval || DESTRUCTIVE_IMPACTS.includes(change.changeImpact)) {
      problems.push(`${logicalId} (${type}): ${change.isRemoval ? ResourceImpact.WILL_DESTROY : change.changeImpact}`);
      return;
    }
    const mayReplace = Object.entries(change.propertyUpdates)
      .filter(([property, update]) => update.changeImpact === ResourceImpact.MAY_REPLACE && !(DOCUMENTED_IN_PLACE[type] ?? []).includes(property))
      .map(([property]) => property);
    if (mayReplace.length > 0) {
      problems.push(`${logicalId} (${type}): ${ResourceImpact.MAY_REPLACE} (${mayReplace.join(', ')})`);
    }
  });
  return problems;
}

/** Data resources `newTemplate` updates in place, so a test can show that a tier change does change them. */
export function inPlaceUpdates(oldTemplate: { [key: string]: any }, newTemplate: { [key: string]: any }): string[] {
  const updated: string[] = [];
  fullDiff(oldTemplate, newTemplate).resources.forEachDifference((logicalId, change) => {
    const type = change.newResourceType;
    if (type !== undefined && DATA_RESOURCE_TYPES.includes(type) && change.isUpdate) {
      updated.push(`${logicalId} (${type}): ${Object.keys(change.propertyUpdates).sort().join(', ')}`);
    }
  });
  return updated;
}
