import * as logs from 'aws-cdk-lib/aws-logs';
import { TenantTier, type TenantTierConfig } from '../../src';
import { beatCapacity, workerCapacity } from '../../src/tenant/services/capacity-strategies';

/** A config written before `backgroundOnSpotOnly` existed: it must still compile and keep its background on demand. */
const OLDER_CONFIG: TenantTierConfig = {
  databaseInstanceClass: 'db.t4g.small',
  cacheNodeType: 'cache.t4g.small',
  cpu: 512,
  memoryMiB: 1024,
  databaseMaxAllocatedStorageGiB: 100,
  databaseBackupRetentionDays: 3,
  databaseMultiAz: false,
  deletionProtection: true,
  cacheReplicas: 0,
  cacheAutomaticFailover: false,
  cacheSnapshotRetentionDays: 1,
  minTasks: 1,
  maxTasks: 3,
  logRetention: logs.RetentionDays.ONE_MONTH,
  workersOnSpot: true,
};

const SPOT_ONLY = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
const ON_DEMAND = [{ capacityProvider: 'FARGATE', weight: 1 }];

describe('backgroundOnSpotOnly', () => {
  test.each([
    ['trial', TenantTier.TRIAL, true],
    ['standard', TenantTier.STANDARD, false],
    ['enterprise', TenantTier.ENTERPRISE, false],
  ])('%s: background on Spot only is %p', (_name, tier, expected) => {
    expect(tier.config.backgroundOnSpotOnly).toBe(expected);
    expect(beatCapacity(tier)).toEqual(expected ? SPOT_ONLY : ON_DEMAND);
    if (expected) {
      expect(workerCapacity(tier)).toEqual(SPOT_ONLY);
    } else {
      // Without it, the worker keeps the placement workersOnSpot gives it: never Spot alone.
      expect(workerCapacity(tier)).toEqual(expect.arrayContaining([expect.objectContaining({ capacityProvider: 'FARGATE' })]));
    }
  });

  test('a custom tier written without it keeps Beat on demand and the worker above an on-demand base', () => {
    const tier = TenantTier.custom('older', OLDER_CONFIG);
    expect(tier.config.backgroundOnSpotOnly).toBeUndefined();
    expect(beatCapacity(tier)).toEqual(ON_DEMAND);
    expect(workerCapacity(tier)).toEqual([{ capacityProvider: 'FARGATE', base: 1, weight: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
  });

  test('takes precedence over workersOnSpot for the worker', () => {
    const tier = TenantTier.ENTERPRISE.derive('enterprise-lab', { backgroundOnSpotOnly: true });
    expect(tier.config.workersOnSpot).toBe(false);
    expect(workerCapacity(tier)).toEqual(SPOT_ONLY);
    expect(beatCapacity(tier)).toEqual(SPOT_ONLY);
  });

  test('derive() can turn it off for a Trial-like tier, putting Beat back on demand', () => {
    const tier = TenantTier.TRIAL.derive('trial-steady', { backgroundOnSpotOnly: false });
    expect(beatCapacity(tier)).toEqual(ON_DEMAND);
    expect(workerCapacity(tier)).toEqual([{ capacityProvider: 'FARGATE', base: 1, weight: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
  });
});
