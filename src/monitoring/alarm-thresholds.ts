import { Duration, Token } from 'aws-cdk-lib';
import type { TenantAlarmThresholds } from './tenant-alarm-thresholds';
import type { TenantTierConfig } from '../tiers';

/** How strict a tier's alarms are, from the safety settings the tier chose. */
export type AlarmClass = 'trial' | 'production' | 'highlyAvailable';

/** Every threshold of a tenant's alarms, with the tier's defaults filled in. */
export interface ResolvedAlarmThresholds {
  readonly http5xxRatePercent: number;
  readonly p99Latency: Duration;
  readonly unhealthyTargets: number;
  readonly databaseCpuPercent: number;
  readonly databaseFreeStorageGiB: number;
  readonly cacheMemoryPercent: number;
  readonly cacheEvictions: number;
  readonly notRunningMinutes: number;
}

/** The defaults of each class; the free-storage default depends on the tenant's storage instead. */
const CLASS_DEFAULTS: Record<AlarmClass, Omit<ResolvedAlarmThresholds, 'databaseFreeStorageGiB'>> = {
  trial: {
    http5xxRatePercent: 5,
    p99Latency: Duration.seconds(5),
    unhealthyTargets: 1,
    databaseCpuPercent: 90,
    cacheMemoryPercent: 90,
    cacheEvictions: 1000,
    notRunningMinutes: 15,
  },
  production: {
    http5xxRatePercent: 2,
    p99Latency: Duration.seconds(3),
    unhealthyTargets: 1,
    databaseCpuPercent: 80,
    cacheMemoryPercent: 85,
    cacheEvictions: 100,
    notRunningMinutes: 10,
  },
  highlyAvailable: {
    http5xxRatePercent: 1,
    p99Latency: Duration.seconds(2),
    unhealthyTargets: 1,
    databaseCpuPercent: 75,
    cacheMemoryPercent: 80,
    cacheEvictions: 10,
    notRunningMinutes: 5,
  },
};

/** The share of the starting storage below which free storage alarms by default: the autoscaling trigger. */
const FREE_STORAGE_SHARE = 0.1;

/**
 * The class of a tier's alarms: a tier that pays for a standby database or a failover cache expects to be paged
 * early, one that protects its database from deletion is production, anything else is a trial.
 */
export function alarmClassOf(config: TenantTierConfig): AlarmClass {
  if (config.databaseMultiAz || config.cacheAutomaticFailover) {
    return 'highlyAvailable';
  }
  return config.deletionProtection ? 'production' : 'trial';
}

/** The thresholds of a tenant: its overrides, else the defaults of its tier's class and of its storage. */
export function resolveAlarmThresholds(config: TenantTierConfig, databaseAllocatedStorageGiB: number,
  overrides: TenantAlarmThresholds = {}): ResolvedAlarmThresholds {
  const defaults = CLASS_DEFAULTS[alarmClassOf(config)];
  return {
    http5xxRatePercent: overrides.http5xxRatePercent ?? defaults.http5xxRatePercent,
    p99Latency: overrides.p99Latency ?? defaults.p99Latency,
    unhealthyTargets: overrides.unhealthyTargets ?? defaults.unhealthyTargets,
    databaseCpuPercent: overrides.databaseCpuPercent ?? defaults.databaseCpuPercent,
    databaseFreeStorageGiB: overrides.databaseFreeStorageGiB ?? databaseAllocatedStorageGiB * FREE_STORAGE_SHARE,
    cacheMemoryPercent: overrides.cacheMemoryPercent ?? defaults.cacheMemoryPercent,
    cacheEvictions: overrides.cacheEvictions ?? defaults.cacheEvictions,
    notRunningMinutes: overrides.notRunningMinutes ?? defaults.notRunningMinutes,
  };
}

/** What a tenant's monitoring props need to be checked. */
export interface MonitoringPropsToCheck {
  readonly monitoring?: boolean;
  readonly dashboard?: boolean;
  readonly alarmThresholds?: TenantAlarmThresholds;
}

/** Every problem with a tenant's monitoring props, each naming the prop and the values it accepts. */
export function monitoringProblems(props: MonitoringPropsToCheck, config: TenantTierConfig): string[] {
  const thresholds = props.alarmThresholds;
  const dashboardProblems = props.dashboard === true && props.monitoring === false
    ? ['dashboard is true but monitoring is false, and a dashboard is part of monitoring: turn monitoring on or remove dashboard']
    : [];
  if (thresholds === undefined) {
    return dashboardProblems;
  }
  const problems: string[] = [...dashboardProblems];
  if (props.monitoring === false) {
    problems.push('alarmThresholds is set but monitoring is false, so there are no alarms to apply it to: remove alarmThresholds or turn monitoring on');
  }
  const prop = (name: keyof TenantAlarmThresholds) => `alarmThresholds.${name}`;
  problems.push(
    ...rangeProblem(prop('http5xxRatePercent'), thresholds.http5xxRatePercent, 0.1, 100, 'a percentage'),
    ...rangeProblem(prop('databaseCpuPercent'), thresholds.databaseCpuPercent, 1, 100, 'a percentage'),
    ...rangeProblem(prop('cacheMemoryPercent'), thresholds.cacheMemoryPercent, 1, 100, 'a percentage'),
    ...wholeNumberProblem(prop('unhealthyTargets'), thresholds.unhealthyTargets, 1, Number.MAX_SAFE_INTEGER),
    ...wholeNumberProblem(prop('cacheEvictions'), thresholds.cacheEvictions, 1, Number.MAX_SAFE_INTEGER),
    ...wholeNumberProblem(prop('notRunningMinutes'), thresholds.notRunningMinutes, 1, 60),
  );
  const freeStorage = thresholds.databaseFreeStorageGiB;
  if (freeStorage !== undefined && !Token.isUnresolved(freeStorage)
    && !(freeStorage > 0 && freeStorage < config.databaseMaxAllocatedStorageGiB)) {
    problems.push(`${prop('databaseFreeStorageGiB')} ${freeStorage} must be more than 0 and less than the tier's databaseMaxAllocatedStorageGiB (${config.databaseMaxAllocatedStorageGiB}), the most storage the database can have`);
  }
  const latency = thresholds.p99Latency;
  if (latency !== undefined && !latency.isUnresolved()) {
    const milliseconds = latency.toMilliseconds();
    if (milliseconds < 100 || milliseconds > 60_000) {
      problems.push(`${prop('p99Latency')} ${latency.toHumanString()} must be from 100 milliseconds to 60 seconds (the load balancer's default idle timeout)`);
    }
  }
  return problems;
}

function rangeProblem(prop: string, value: number | undefined, min: number, max: number, what: string): string[] {
  if (value === undefined || Token.isUnresolved(value) || (value >= min && value <= max)) {
    return [];
  }
  return [`${prop} ${value} must be ${what} from ${min} to ${max}`];
}

function wholeNumberProblem(prop: string, value: number | undefined, min: number, max: number): string[] {
  if (value === undefined || Token.isUnresolved(value) || (Number.isInteger(value) && value >= min && value <= max)) {
    return [];
  }
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  return [`${prop} ${value} must be a whole number ${range}`];
}
