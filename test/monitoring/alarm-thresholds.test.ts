import { Duration } from 'aws-cdk-lib';
import { alarmClassOf, monitoringProblems, resolveAlarmThresholds } from '../../src/monitoring/alarm-thresholds';
import { TenantTier } from '../../src/tiers';

describe('alarm thresholds', () => {
  test.each([
    ['TRIAL', 'trial', TenantTier.TRIAL],
    ['STANDARD', 'production', TenantTier.STANDARD],
    ['ENTERPRISE', 'highlyAvailable', TenantTier.ENTERPRISE],
  ])('%s alarms as a %s tier', (_name, alarmClass, tier) => {
    expect(alarmClassOf(tier.config)).toBe(alarmClass);
  });

  test('a custom tier alarms by the safety settings it chose, not by its name', () => {
    expect(alarmClassOf(TenantTier.TRIAL.derive('trial-failover', { cacheReplicas: 1, cacheAutomaticFailover: true }).config)).toBe('highlyAvailable');
    expect(alarmClassOf(TenantTier.ENTERPRISE.derive('enterprise-single-az', { databaseMultiAz: false, cacheAutomaticFailover: false, cacheReplicas: 0 }).config)).toBe('production');
    expect(alarmClassOf(TenantTier.STANDARD.derive('standard-unprotected', { deletionProtection: false }).config)).toBe('trial');
  });

  test.each([
    ['TRIAL', TenantTier.TRIAL, { http5xxRatePercent: 5, p99: 5, databaseCpuPercent: 90, cacheMemoryPercent: 90, cacheEvictions: 1000, notRunningMinutes: 15 }],
    ['STANDARD', TenantTier.STANDARD, { http5xxRatePercent: 2, p99: 3, databaseCpuPercent: 80, cacheMemoryPercent: 85, cacheEvictions: 100, notRunningMinutes: 10 }],
    ['ENTERPRISE', TenantTier.ENTERPRISE, { http5xxRatePercent: 1, p99: 2, databaseCpuPercent: 75, cacheMemoryPercent: 80, cacheEvictions: 10, notRunningMinutes: 5 }],
  ])('%s defaults grow stricter with the tier', (_name, tier, expected) => {
    const thresholds = resolveAlarmThresholds(tier.config, 20);
    expect(thresholds).toEqual(expect.objectContaining({
      http5xxRatePercent: expected.http5xxRatePercent,
      unhealthyTargets: 1,
      databaseCpuPercent: expected.databaseCpuPercent,
      databaseFreeStorageGiB: 2,
      cacheMemoryPercent: expected.cacheMemoryPercent,
      cacheEvictions: expected.cacheEvictions,
      notRunningMinutes: expected.notRunningMinutes,
    }));
    expect(thresholds.p99Latency.toSeconds()).toBe(expected.p99);
  });

  test('the free-storage default is 10 percent of the starting storage', () => {
    expect(resolveAlarmThresholds(TenantTier.STANDARD.config, 100).databaseFreeStorageGiB).toBe(10);
  });

  test('overrides replace only the thresholds they name', () => {
    const thresholds = resolveAlarmThresholds(TenantTier.TRIAL.config, 20, { databaseCpuPercent: 50, p99Latency: Duration.millis(800) });
    expect(thresholds.databaseCpuPercent).toBe(50);
    expect(thresholds.p99Latency.toMilliseconds()).toBe(800);
    expect(thresholds.http5xxRatePercent).toBe(5);
  });

  test('valid thresholds have no problems', () => {
    const thresholds = { http5xxRatePercent: 0.5, databaseFreeStorageGiB: 5, notRunningMinutes: 60 };
    expect(monitoringProblems({ alarmThresholds: thresholds }, TenantTier.TRIAL.config)).toEqual([]);
    expect(monitoringProblems({ monitoring: false }, TenantTier.TRIAL.config)).toEqual([]);
  });

  test('fails when every threshold is out of range, naming each prop', () => {
    const problems = monitoringProblems({
      alarmThresholds: {
        http5xxRatePercent: 0,
        p99Latency: Duration.minutes(2),
        unhealthyTargets: 0.5,
        databaseCpuPercent: 101,
        databaseFreeStorageGiB: 50,
        cacheMemoryPercent: 0,
        cacheEvictions: 0,
        notRunningMinutes: 61,
      },
    }, TenantTier.TRIAL.config);
    expect(problems).toEqual([
      'alarmThresholds.http5xxRatePercent 0 must be a percentage from 0.1 to 100',
      'alarmThresholds.databaseCpuPercent 101 must be a percentage from 1 to 100',
      'alarmThresholds.cacheMemoryPercent 0 must be a percentage from 1 to 100',
      'alarmThresholds.unhealthyTargets 0.5 must be a whole number of at least 1',
      'alarmThresholds.cacheEvictions 0 must be a whole number of at least 1',
      'alarmThresholds.notRunningMinutes 61 must be a whole number from 1 to 60',
      'alarmThresholds.databaseFreeStorageGiB 50 must be more than 0 and less than the tier\'s databaseMaxAllocatedStorageGiB (50), the most storage the database can have',
      'alarmThresholds.p99Latency 2 minutes must be from 100 milliseconds to 60 seconds (the load balancer\'s default idle timeout)',
    ]);
  });

  test('fails when thresholds are given with monitoring off', () => {
    expect(monitoringProblems({ monitoring: false, alarmThresholds: { databaseCpuPercent: 70 } }, TenantTier.TRIAL.config))
      .toEqual(['alarmThresholds is set but monitoring is false, so there are no alarms to apply it to: remove alarmThresholds or turn monitoring on']);
  });
});
