import { TenantTier } from '../../../src/tiers';
import { createTenant } from '../../fixtures';

describe('data-side validation', () => {
  test('fails with one error listing every problem of the data side', () => {
    let message = '';
    try {
      createTenant({ databaseName: '1st', databaseAllocatedStorageGiB: 10 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.startsWith("Invalid MateTenant 'demo':\n  - ")).toBe(true);
    expect(message.split('\n  - ')).toHaveLength(3);
    expect(message).toContain('databaseAllocatedStorageGiB 10 must be a whole number of GiB from 20 to 65536');
    expect(message).toContain("databaseName '1st' must be 1 to 63 letters, digits or underscores, starting with a letter");
  });

  test('fails when the allocated storage leaves the tier\'s ceiling less than 10% of headroom', () => {
    expect(() => createTenant({ tier: TenantTier.TRIAL, databaseAllocatedStorageGiB: 46 })).toThrow(
      "databaseAllocatedStorageGiB 46 leaves no room for storage autoscaling under tier 'trial' (databaseMaxAllocatedStorageGiB 50): RDS needs the ceiling at least 10% above the allocated storage, so lower databaseAllocatedStorageGiB to at most 45 or choose a tier with databaseMaxAllocatedStorageGiB of at least 51",
    );
    expect(() => createTenant({ tier: TenantTier.TRIAL, databaseAllocatedStorageGiB: 45 })).not.toThrow();
  });

  test('fails when a tier\'s ceiling is too close to the default starting storage', () => {
    const tier = TenantTier.TRIAL.derive('tight', { databaseMaxAllocatedStorageGiB: 21 });
    expect(() => createTenant({ tier })).toThrow('lower databaseAllocatedStorageGiB to at most 19 or choose a tier with databaseMaxAllocatedStorageGiB of at least 22');
  });

  test.each(['postgres', 'template1', 'RDSADMIN'])('fails when the database name is the reserved %s', (databaseName) => {
    expect(() => createTenant({ databaseName })).toThrow(`databaseName '${databaseName}' is reserved by PostgreSQL or RDS; choose another name such as 'mate'`);
  });

  test('accepts a custom tier of families both engines offer', () => {
    const tier = TenantTier.ENTERPRISE.derive('graviton4', { databaseInstanceClass: 'db.r8g.large', cacheNodeType: 'cache.m7g.large' });
    const { template } = createTenant({ tier });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r8g.large' });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheNodeType: 'cache.m7g.large' });
  });
});
