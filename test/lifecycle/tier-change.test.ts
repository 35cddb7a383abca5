import { Tags } from 'aws-cdk-lib';
import { FLAG_CONTEXTS } from './lifecycle-apps';
import { synthesizeTenant } from './tenant-outputs';
import { ChangeKind, dataLosses, formatPreview, previewTemplates } from '../../src/preview/change-preview';
import { TenantTier } from '../../src/tiers';

const CHAIN = [TenantTier.TRIAL, TenantTier.STANDARD, TenantTier.ENTERPRISE, TenantTier.TRIAL];

describe.each(FLAG_CONTEXTS)('a tier change Trial -> Standard -> Enterprise -> Trial, under %s', (_name, context) => {
  const outputs = CHAIN.slice(0, 3).map((tier) => synthesizeTenant({ tier }, context));
  outputs.push(outputs[0]);
  const steps = CHAIN.slice(1).map((tier, index) => [`${CHAIN[index].name} -> ${tier.name}`, previewTemplates(outputs[index].templates, outputs[index + 1].templates)] as const);

  test.each(steps)('%s replaces nothing but the task definitions, which get new revisions', (_step, previews) => {
    const changes = previews.flatMap((preview) => preview.changes.map((change) => ({ stack: preview.stackName, ...change })));
    expect(changes.filter((change) => change.kind !== ChangeKind.UPDATED_IN_PLACE && change.kind !== ChangeKind.NEW_REVISION)
      .map((change) => `${change.stack} ${change.logicalId} (${change.type}): ${change.kind} ${change.properties.join(', ')}`)).toEqual([]);
    const revisions = changes.filter((change) => change.kind === ChangeKind.NEW_REVISION);
    expect(revisions.map((change) => change.type)).toEqual(Array(4).fill('AWS::ECS::TaskDefinition'));
    expect(dataLosses(previews)).toEqual([]);
    // The base is the same whatever a tenant's tier.
    expect(previews.find((preview) => preview.stackName === 'MateBase-dev')!.changes).toEqual([]);
  });

  test.each(steps)('%s resizes the database and the cache in place, and leaves the rotation application alone', (_step, previews) => {
    const tenant = previews.find((preview) => preview.stackName === 'MateTenant-demo-dev')!;
    const ofType = (type: string) => tenant.changes.filter((change) => change.type === type);
    expect(ofType('AWS::RDS::DBInstance')).toEqual([expect.objectContaining({ kind: ChangeKind.UPDATED_IN_PLACE, properties: expect.arrayContaining(['DBInstanceClass']) })]);
    expect(ofType('AWS::ElastiCache::ReplicationGroup')).toEqual([expect.objectContaining({ kind: ChangeKind.UPDATED_IN_PLACE, properties: expect.arrayContaining(['CacheNodeType']) })]);
    // Its tags would have changed with the tier, and SAM replaces an application whose tags change.
    expect(ofType('AWS::Serverless::Application')).toEqual([]);
  });

  test('the preview prints the tier change as such: new revisions, updates in place, the database explained, no data lost', () => {
    const text = formatPreview(steps[1][1]);
    expect(text).toContain('MateBase-dev: no changes');
    expect(text).toMatch(/^ {2}new revision {5}TenantServicesDjangoTaskTaskDefinition\w+ AWS::ECS::TaskDefinition: ContainerDefinitions, Cpu, Memory/m);
    expect(text).toMatch(/^ {2}updated in place TenantDataDatabaseInstance\w+ AWS::RDS::DBInstance: .*DBInstanceClass.* \(cdk diff says "may be replaced" for BackupRetentionPeriod, MultiAZ; the AWS::RDS::DBInstance reference documents them as updated in place\)$/m);
    expect(text).toMatch(/^ {2}updated in place \d+ more resources: only their tags$/m);
    expect(text).not.toMatch(/replaced +\w|destroyed|DATA LOSS/);
    expect(text.endsWith('No data would be lost.')).toBe(true);
  });
});

describe('the tier-change check', () => {
  test('fails when a tag that changes with the tier reaches the rotation application', () => {
    const taggedWith = (tier: TenantTier) => synthesizeTenant({ tier }, {}, (app) => Tags.of(app).add('team:tier', tier.name));
    const previews = previewTemplates(taggedWith(TenantTier.STANDARD).templates, taggedWith(TenantTier.ENTERPRISE).templates);
    const tenant = previews.find((preview) => preview.stackName === 'MateTenant-demo-dev')!;
    expect(tenant.changes.filter((change) => change.kind === ChangeKind.REPLACED)).toEqual([
      expect.objectContaining({ type: 'AWS::Serverless::Application', properties: ['Tags'] }),
    ]);
  });
});
