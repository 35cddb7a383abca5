import * as logs from 'aws-cdk-lib/aws-logs';
import { TenantTier, type TenantTierConfig } from '../../src';

const PRESETS = [TenantTier.TRIAL, TenantTier.STANDARD, TenantTier.ENTERPRISE];

const CUSTOM_CONFIG: TenantTierConfig = {
  databaseInstanceClass: 'db.m7g.large',
  cacheNodeType: 'cache.m7g.large',
  cpu: 2048,
  memoryMiB: 8192,
  databaseMaxAllocatedStorageGiB: 500,
  databaseBackupRetentionDays: 30,
  databaseMultiAz: true,
  deletionProtection: true,
  cacheReplicas: 2,
  cacheAutomaticFailover: true,
  cacheSnapshotRetentionDays: 30,
  minTasks: 4,
  maxTasks: 20,
  logRetention: logs.RetentionDays.TWO_YEARS,
  workersOnSpot: false,
};

describe('TenantTier.custom()', () => {
  test('carries the given name and every given setting', () => {
    const tier = TenantTier.custom('platinum', CUSTOM_CONFIG);

    expect(tier.name).toBe('platinum');
    expect(tier.config).toEqual(CUSTOM_CONFIG);
  });

  test('keeps its own copy of the settings', () => {
    const config = { ...CUSTOM_CONFIG };
    const tier = TenantTier.custom('platinum', config);

    (config as { cpu: number }).cpu = 256;

    expect(tier.config.cpu).toBe(2048);
  });

  test('fails when a setting is invalid, naming the field', () => {
    expect(() => TenantTier.custom('platinum', { ...CUSTOM_CONFIG, memoryMiB: 1024 }))
      .toThrow(/Invalid tenant tier 'platinum':\n {2}- memoryMiB 1024 is not accepted by Fargate with cpu 2048/);
  });
});

describe('TenantTier.derive()', () => {
  test('changes only the overridden values', () => {
    const premium = TenantTier.STANDARD.derive('premium', { maxTasks: 8, databaseBackupRetentionDays: 14 });

    expect(premium.name).toBe('premium');
    expect(premium.config).toEqual({ ...TenantTier.STANDARD.config, maxTasks: 8, databaseBackupRetentionDays: 14 });
  });

  test('ignores overrides that are explicitly undefined', () => {
    const same = TenantTier.TRIAL.derive('trial-copy', { cpu: undefined, workersOnSpot: undefined });

    expect(same.config).toEqual(TenantTier.TRIAL.config);
  });

  test.each(PRESETS.map((tier) => [tier.name, tier] as const))('leaves the %s preset unchanged', (_name, preset) => {
    const before = { ...preset.config };

    preset.derive('bigger', { cpu: 4096, memoryMiB: 16384, maxTasks: 50, databaseMultiAz: !preset.config.databaseMultiAz });

    expect(preset.config).toEqual(before);
  });

  test('derives from a derived tier', () => {
    const premium = TenantTier.STANDARD.derive('premium', { maxTasks: 8 });
    const premiumHa = premium.derive('premium-ha', { databaseMultiAz: true });

    expect(premiumHa.config).toEqual({ ...TenantTier.STANDARD.config, maxTasks: 8, databaseMultiAz: true });
  });

  test('fails when the overrides make the tier invalid, validating them with the kept values', () => {
    // cpu 1024 alone is valid, but not with the Trial preset's 512 MiB.
    expect(() => TenantTier.TRIAL.derive('trial-fast', { cpu: 1024 }))
      .toThrow("Invalid tenant tier 'trial-fast':\n  - memoryMiB 512 is not accepted by Fargate with cpu 1024; use 2048 to 8192 in steps of 1024");
  });

  test('fails when the new name is invalid', () => {
    expect(() => TenantTier.STANDARD.derive('Premium', {})).toThrow(/name 'Premium' must be 1 to 32 lower-case letters/);
  });
});
