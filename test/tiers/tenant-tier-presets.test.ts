import * as logs from 'aws-cdk-lib/aws-logs';
import { TenantTier, type TenantTierConfig } from '../../src';

const PRESETS: ReadonlyArray<[string, TenantTier]> = [
  ['trial', TenantTier.TRIAL],
  ['standard', TenantTier.STANDARD],
  ['enterprise', TenantTier.ENTERPRISE],
];

describe('the seed tier table', () => {
  test.each([
    ['trial', 'db.t4g.micro', 'cache.t4g.micro', 256, 512, TenantTier.TRIAL],
    ['standard', 'db.t4g.medium', 'cache.t4g.small', 512, 1024, TenantTier.STANDARD],
    ['enterprise', 'db.r6g.xlarge', 'cache.r7g.large', 1024, 2048, TenantTier.ENTERPRISE],
  ])('%s: RDS %s, Redis %s, ECS %d CPU / %d MiB', (_name, databaseInstanceClass, cacheNodeType, cpu, memoryMiB, tier) => {
    expect(tier.config).toMatchObject({ databaseInstanceClass, cacheNodeType, cpu, memoryMiB });
  });

  test.each(PRESETS)('the %s preset carries its name', (name, tier) => {
    expect(tier.name).toBe(name);
  });
});

describe('derived settings per preset', () => {
  const expected: Record<string, Omit<TenantTierConfig, 'databaseInstanceClass' | 'cacheNodeType' | 'cpu' | 'memoryMiB'>> = {
    trial: {
      databaseMaxAllocatedStorageGiB: 50,
      databaseBackupRetentionDays: 1,
      databaseMultiAz: false,
      deletionProtection: false,
      cacheReplicas: 0,
      cacheAutomaticFailover: false,
      cacheSnapshotRetentionDays: 0,
      minTasks: 1,
      maxTasks: 2,
      logRetention: logs.RetentionDays.ONE_MONTH,
      workersOnSpot: true,
      backgroundOnSpotOnly: true,
    },
    standard: {
      databaseMaxAllocatedStorageGiB: 200,
      databaseBackupRetentionDays: 7,
      databaseMultiAz: false,
      deletionProtection: true,
      cacheReplicas: 0,
      cacheAutomaticFailover: false,
      cacheSnapshotRetentionDays: 7,
      minTasks: 2,
      maxTasks: 4,
      logRetention: logs.RetentionDays.THREE_MONTHS,
      workersOnSpot: true,
      backgroundOnSpotOnly: false,
    },
    enterprise: {
      databaseMaxAllocatedStorageGiB: 1000,
      databaseBackupRetentionDays: 14,
      databaseMultiAz: true,
      deletionProtection: true,
      cacheReplicas: 1,
      cacheAutomaticFailover: true,
      cacheSnapshotRetentionDays: 14,
      minTasks: 3,
      maxTasks: 10,
      logRetention: logs.RetentionDays.ONE_YEAR,
      workersOnSpot: false,
      backgroundOnSpotOnly: false,
    },
  };

  test.each(PRESETS)('the %s preset has exactly the documented settings', (name, tier) => {
    const { databaseInstanceClass, cacheNodeType, cpu, memoryMiB, ...derived } = tier.config;
    expect(derived).toEqual(expected[name]);
  });
});

describe('every setting grows (or holds) with the tier', () => {
  const steps: ReadonlyArray<[string, TenantTier, TenantTier]> = [
    ['trial -> standard', TenantTier.TRIAL, TenantTier.STANDARD],
    ['standard -> enterprise', TenantTier.STANDARD, TenantTier.ENTERPRISE],
  ];
  const growingNumbers: ReadonlyArray<keyof TenantTierConfig> = [
    'cpu', 'memoryMiB', 'databaseMaxAllocatedStorageGiB', 'databaseBackupRetentionDays', 'cacheReplicas',
    'cacheSnapshotRetentionDays', 'minTasks', 'maxTasks', 'logRetention',
  ];
  // Safety settings only switch on as the tier grows.
  const growingSafeguards: ReadonlyArray<keyof TenantTierConfig> = ['databaseMultiAz', 'deletionProtection', 'cacheAutomaticFailover'];
  const everyStep = <T>(fields: readonly T[]) =>
    steps.flatMap(([step, lower, higher]) => fields.map((field) => [step, field, lower, higher] as const));

  test.each(everyStep(growingNumbers))('%s: %s does not shrink', (_step, field, lower, higher) => {
    expect(higher.config[field]).toBeGreaterThanOrEqual(lower.config[field] as number);
  });

  test.each(everyStep(growingSafeguards))('%s: %s is not switched off', (_step, field, lower, higher) => {
    expect(lower.config[field] && !higher.config[field]).toBe(false);
  });

  test.each(steps)('%s: workers do not move from on-demand back to Spot', (_step, lower, higher) => {
    expect(!lower.config.workersOnSpot && higher.config.workersOnSpot).toBe(false);
  });

  // Instance families differ (t4g, r6g, r7g); the size suffix orders them within the table.
  const SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'];
  const sizeRank = (instanceClass: string) => SIZES.indexOf(instanceClass.split('.')[2]);

  test.each(steps)('%s: a larger database instance and cache node', (_step, lower, higher) => {
    expect(sizeRank(higher.config.databaseInstanceClass)).toBeGreaterThan(sizeRank(lower.config.databaseInstanceClass));
    expect(sizeRank(higher.config.cacheNodeType)).toBeGreaterThan(sizeRank(lower.config.cacheNodeType));
  });

  test('ENTERPRISE is the only preset with a standby database and a cache replica', () => {
    expect(PRESETS.filter(([, tier]) => tier.config.databaseMultiAz).map(([name]) => name)).toEqual(['enterprise']);
    expect(PRESETS.filter(([, tier]) => tier.config.cacheReplicas > 0).map(([name]) => name)).toEqual(['enterprise']);
  });
});
