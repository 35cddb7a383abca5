import { destructiveChanges, inPlaceUpdates } from './destructive-changes';
import type { MateTenantProps } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { createTenant } from '../../fixtures';

/** The tenant `demo`'s stack template, synthesized in an app of its own as a deployment would be. */
function tenantTemplate(overrides: Partial<MateTenantProps>): { [key: string]: any } {
  return createTenant(overrides).template.toJSON();
}

const JOURNEY: TenantTier[] = [TenantTier.TRIAL, TenantTier.STANDARD, TenantTier.ENTERPRISE, TenantTier.STANDARD, TenantTier.TRIAL];
const STEPS = JOURNEY.slice(1).map((tier, index): [string, TenantTier, TenantTier] => [`${JOURNEY[index].name} -> ${tier.name}`, JOURNEY[index], tier]);

describe('tier changes', () => {
  test.each(STEPS)('%s updates every data store in place', (_step, from, to) => {
    const before = tenantTemplate({ tier: from });
    const after = tenantTemplate({ tier: to });

    expect(destructiveChanges(before, after)).toEqual([]);
    // The change is real: the database and the cache are resized in place.
    const updates = inPlaceUpdates(before, after);
    expect(updates).toContainEqual(expect.stringMatching(/\(AWS::RDS::DBInstance\): .*DBInstanceClass/));
    expect(updates).toContainEqual(expect.stringMatching(/\(AWS::ElastiCache::ReplicationGroup\): .*CacheNodeType/));
  });

  test.each([['trial', TenantTier.TRIAL], ['enterprise', TenantTier.ENTERPRISE]])('moving from %s to a tier derived from it changes in place too', (_name, tier) => {
    const derived = tier.derive('custom', { databaseInstanceClass: 'db.m7g.large', cacheNodeType: 'cache.m7g.large', cacheSnapshotRetentionDays: 21 });
    expect(destructiveChanges(tenantTemplate({ tier }), tenantTemplate({ tier: derived }))).toEqual([]);
  });

  test('the check reports the replacements that switching to the environment key would cause', () => {
    const own = tenantTemplate({ tier: TenantTier.STANDARD });
    const shared = tenantTemplate({ tier: TenantTier.STANDARD, dedicatedKey: false });

    const problems = destructiveChanges(own, shared);
    expect(problems).toContainEqual(expect.stringMatching(/\(AWS::RDS::DBInstance\): WILL_REPLACE$/));
    expect(problems).toContainEqual(expect.stringMatching(/\(AWS::ElastiCache::ReplicationGroup\): WILL_REPLACE$/));
    expect(problems).toContainEqual(expect.stringMatching(/\(AWS::EFS::FileSystem\): WILL_REPLACE$/));
    expect(problems).toContainEqual(expect.stringMatching(/\(AWS::KMS::Key\): WILL_DESTROY$/));
  });

  test('the check reports a possible replacement, and the removal of a data store', () => {
    const database = (properties: { [key: string]: unknown }) => ({
      Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t4g.micro', ...properties } } },
    });
    expect(destructiveChanges(database({ PerformanceInsightsKMSKeyId: 'key-1' }), database({ PerformanceInsightsKMSKeyId: 'key-2' })))
      .toEqual(['Db (AWS::RDS::DBInstance): MAY_REPLACE (PerformanceInsightsKMSKeyId)']);
    expect(destructiveChanges(database({ BackupRetentionPeriod: 1 }), database({ BackupRetentionPeriod: 14 }))).toEqual([]);
    expect(destructiveChanges(database({}), { Resources: {} })).toEqual(['Db (AWS::RDS::DBInstance): WILL_DESTROY']);
  });
});
