import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { resolveAlarmThresholds, type ResolvedAlarmThresholds } from './alarm-thresholds';
import { CacheNodeMetrics } from './cache-node-metrics';
import type { TenantAlarmThresholds } from './tenant-alarm-thresholds';
import { TenantAlarms } from './tenant-alarms';
import { TenantDashboard } from './tenant-dashboard';
import type { TenantNames } from '../naming';
import type { TenantTier } from '../tiers';

/** What a tenant's monitoring watches. Private: built by `MateTenant`. */
export interface TenantMonitoringProps {
  readonly names: TenantNames;
  readonly tier: TenantTier;
  readonly alarmTopic: sns.ITopic;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly database: rds.IDatabaseInstance;
  readonly databaseAllocatedStorageGiB: number;
  readonly alarmThresholds?: TenantAlarmThresholds;
  /** Whether the tenant gets a dashboard of its own. */
  readonly dashboard: boolean;
}

/**
 * A tenant's alarms, sent to the environment's alarm topic, and, when asked for, its dashboard
 * `<prefix>-<tenant>-<env>`, with thresholds from its tier unless overridden. Without a dashboard of its own, the
 * environment's dashboard shows the tenant through its tenant selector.
 */
export class TenantMonitoring extends Construct {
  public readonly thresholds: ResolvedAlarmThresholds;
  public readonly alarms: cloudwatch.Alarm[];
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: TenantMonitoringProps) {
    super(scope, id);
    const config = props.tier.config;
    this.thresholds = resolveAlarmThresholds(config, props.databaseAllocatedStorageGiB, props.alarmThresholds);
    const cacheNodes = new CacheNodeMetrics(props.names.cacheReplicationGroupId, 1 + config.cacheReplicas);

    this.alarms = new TenantAlarms(this, 'Alarms', {
      names: props.names,
      thresholds: this.thresholds,
      alarmTopic: props.alarmTopic,
      targetGroup: props.targetGroup,
      database: props.database,
      cacheNodes,
    }).alarms;

    this.dashboard = props.dashboard ? new TenantDashboard(this, 'Dashboard', {
      names: props.names,
      tierName: props.tier.name,
      thresholds: this.thresholds,
      alarms: this.alarms,
      targetGroup: props.targetGroup,
      database: props.database,
      cacheNodes,
    }).dashboard : undefined;
  }
}
