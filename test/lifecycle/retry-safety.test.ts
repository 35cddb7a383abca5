import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LIFECYCLE_APPS, resourcesOf, synthesizeTemplates, type Templates } from './lifecycle-apps';

/**
 * Properties that give a resource its physical name (BucketName, LogGroupName, Name, DBInstanceIdentifier,
 * ReplicationGroupId, ...). Deliberately broad: a property caught here that is no name (DBName, ContainerName) can only
 * make the check stricter.
 */
const NAME_PROPERTY = /(^Name|Name|Identifier|GroupId|ClusterId)$/;

/** `<stack> <logical id> (<type>): <name properties>` of every resource with a fixed name whose DeletionPolicy is plain Retain. */
function namedAndRetained(templates: Templates): string[] {
  return resourcesOf(templates)
    .filter(([, , resource]) => resource.DeletionPolicy === 'Retain')
    .map(([stackName, logicalId, resource]) => [
      stackName, logicalId, resource.Type, Object.keys(resource.Properties ?? {}).filter((key) => NAME_PROPERTY.test(key)),
    ])
    .filter(([, , , names]) => names.length > 0)
    .map(([stackName, logicalId, type, names]) => `${stackName} ${logicalId} (${type}): ${(names as string[]).join(', ')}`);
}

describe.each(LIFECYCLE_APPS)('%s, after a failed first deployment', (_name, create) => {
  const templates = synthesizeTemplates(create);
  const resources = resourcesOf(templates);

  test('leaves no resource with a fixed name behind: none is DeletionPolicy Retain, so a retry cannot hit "already exists"', () => {
    expect(namedAndRetained(templates)).toEqual([]);
  });

  test('leaves nothing behind at all: whatever is kept on deletion is RetainExceptOnCreate (or snapshotted)', () => {
    const kept = resources.filter(([, , resource]) => resource.DeletionPolicy !== undefined && resource.DeletionPolicy !== 'Delete');
    expect(kept.filter(([, , resource]) => !['RetainExceptOnCreate', 'Snapshot'].includes(resource.DeletionPolicy))
      .map(([stackName, logicalId, resource]) => `${stackName} ${logicalId} (${resource.Type}): ${resource.DeletionPolicy}`)).toEqual([]);
    // What must outlive the stack is still kept: every tenant's data bucket, file system, key, secrets and vault.
    const keptTypes = new Set(kept.map(([, , resource]) => resource.Type));
    for (const type of ['AWS::S3::Bucket', 'AWS::EFS::FileSystem', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::Backup::BackupVault', 'AWS::ECR::Repository', 'AWS::Logs::LogGroup']) {
      expect(keptTypes).toContain(type);
    }
  });

  test('keeps, after a successful creation, what it kept before: kept on deletion means kept on replacement too', () => {
    const weakened = resources
      .filter(([, , resource]) => resource.DeletionPolicy === 'RetainExceptOnCreate' || resource.DeletionPolicy === 'Snapshot')
      .filter(([, , resource]) => resource.UpdateReplacePolicy !== 'Retain' && resource.UpdateReplacePolicy !== 'Snapshot')
      .map(([stackName, logicalId, resource]) => `${stackName} ${logicalId} (${resource.Type}): UpdateReplacePolicy ${resource.UpdateReplacePolicy}`);
    expect(weakened).toEqual([]);
  });

  test('snapshots the database and the cache on deletion and replacement; the snapshot names are CloudFormation\'s own, so a retry never collides', () => {
    for (const type of ['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup']) {
      const stores = resources.filter(([, , resource]) => resource.Type === type);
      expect(stores.length).toBeGreaterThan(0);
      for (const [, , store] of stores) {
        expect([store.DeletionPolicy, store.UpdateReplacePolicy]).toEqual(['Snapshot', 'Snapshot']);
        expect(store.Properties.FinalSnapshotIdentifier).toBeUndefined();
      }
    }
  });
});

describe('the check for resources a failed first deployment leaves behind', () => {
  test('fails when a named resource is plain Retain', () => {
    const app = new App();
    const stack = new Stack(app, 'MateTenant-demo-dev');
    new s3.Bucket(stack, 'Kept', { bucketName: 'mate-demo-dev-kept', removalPolicy: RemovalPolicy.RETAIN });
    new s3.Bucket(stack, 'Retried', { bucketName: 'mate-demo-dev-retried', removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    new s3.Bucket(stack, 'Unnamed', { removalPolicy: RemovalPolicy.RETAIN });
    const templates = { [stack.stackName]: app.synth().getStackByName(stack.stackName).template };
    expect(namedAndRetained(templates)).toEqual([expect.stringMatching(/^MateTenant-demo-dev Kept\w+ \(AWS::S3::Bucket\): BucketName$/)]);
  });
});
