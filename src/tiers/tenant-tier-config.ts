import type * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Everything a tier decides about one tenant's silo.
 *
 * The first four fields are the seed's tier table; the rest are derived settings that grow with the tier.
 * Every field is required so that `TenantTier.config` is always complete; use `TenantTier.derive()` to change a few
 * values of a preset.
 */
export interface TenantTierConfig {
  /**
   * RDS instance class of the tenant's PostgreSQL database, for example `db.t4g.micro`.
   */
  readonly databaseInstanceClass: string;

  /**
   * ElastiCache node type of the tenant's Redis replication group, for example `cache.t4g.micro`.
   */
  readonly cacheNodeType: string;

  /**
   * Fargate CPU units of each task (1024 = one vCPU). Must form a combination Fargate accepts with `memoryMiB`.
   */
  readonly cpu: number;

  /**
   * Fargate memory of each task, in MiB.
   */
  readonly memoryMiB: number;

  /**
   * Upper bound for RDS storage autoscaling, in GiB (21 to 65536).
   *
   * The tier sets only this bound; the starting allocation is the tenant's own (`MateTenant`'s
   * `databaseAllocatedStorageGiB`, 20 GiB unless set) because RDS cannot shrink storage, so a tier that set the
   * starting size would make a downgrade fail.
   */
  readonly databaseMaxAllocatedStorageGiB: number;

  /**
   * Days RDS keeps automated backups (1 to 35).
   */
  readonly databaseBackupRetentionDays: number;

  /**
   * Whether the database runs a synchronous standby in a second Availability Zone.
   */
  readonly databaseMultiAz: boolean;

  /**
   * Whether the database refuses to be deleted until deletion protection is turned off.
   *
   * Whatever this says, the database is snapshotted before CloudFormation deletes or replaces it.
   */
  readonly deletionProtection: boolean;

  /**
   * Read replicas of the Redis primary (0 to 5). Automatic failover and Multi-AZ need at least one.
   */
  readonly cacheReplicas: number;

  /**
   * Whether ElastiCache promotes a replica automatically (and places it in another Availability Zone) when the
   * primary fails. Requires `cacheReplicas` of at least 1.
   */
  readonly cacheAutomaticFailover: boolean;

  /**
   * Days ElastiCache keeps daily snapshots of the cache (0 turns snapshots off; at most 35).
   */
  readonly cacheSnapshotRetentionDays: number;

  /**
   * Fewest tasks the Django web service and the Celery worker service run; autoscaling never goes below it.
   */
  readonly minTasks: number;

  /**
   * Most tasks autoscaling may run for the Django web service and the Celery worker service.
   */
  readonly maxTasks: number;

  /**
   * How long the tenant's CloudWatch log groups keep their events.
   */
  readonly logRetention: logs.RetentionDays;

  /**
   * Whether Celery workers run on Fargate Spot above an on-demand base of one task.
   *
   * Only workers use Spot: a worker interrupted by Spot has its unacknowledged jobs redelivered, whereas Django and
   * Celery Beat stay on on-demand capacity.
   */
  readonly workersOnSpot: boolean;

  /**
   * Whether the background services, the Celery worker and Celery Beat, run on Fargate Spot alone, with no on-demand
   * task at all (Django stays on demand). It takes precedence over `workersOnSpot` for the worker.
   *
   * The trade-off, for a tier that can wait for its background work: when Spot reclaims the Beat task, schedules
   * that fall due before ECS has started a replacement (usually within minutes, longer while Spot capacity is short)
   * are skipped, not caught up; when Spot reclaims a worker, the jobs it had not acknowledged are redelivered to the
   * next worker (Celery's `acks_late` for jobs that must not be lost mid-run). Data, encryption and alarms are
   * untouched: the Beat-not-running alarm goes off if no Beat task runs. Changing it is an in-place update of the
   * services' capacity provider strategy.
   *
   * @default false
   */
  readonly backgroundOnSpotOnly?: boolean;
}
