import { labelProblem } from './dns-label';
import { EnvironmentNames } from './environment-names';
import { lengthProblems, NAME_LIMITS, type CheckedName } from './name-limits';

/** The longest `what` of the tenant's alarm names (see `alarm()`). */
const LONGEST_ALARM_SUFFIX = 'database-free-storage';

/** The three long-running roles of the application image, plus the one-off migration task. */
export type ServiceRole = 'django' | 'celery' | 'beat';

/**
 * Every name of one tenant's resources, derived from the prefix, the environment name and the tenant id.
 */
export class TenantNames {
  public readonly environmentNames: EnvironmentNames;

  constructor(prefix: string, environment: string, public readonly tenantId: string) {
    this.environmentNames = new EnvironmentNames(prefix, environment);
  }

  /** `mate-demo-dev`: the stem of every tenant name. */
  get stem(): string {
    return `${this.environmentNames.prefix}-${this.tenantId}-${this.environmentNames.environment}`;
  }

  /** `mate-demo-dev-django`: an ECS service (the seed's `--services mate-demo-dev-django`). */
  service(role: ServiceRole): string {
    return `${this.stem}-${role}`;
  }

  /** `/ecs/mate-demo-dev/django`: a service's log group (the seed's `aws logs tail /ecs/mate-demo-dev/django`). */
  logGroup(role: ServiceRole | 'migrate'): string {
    return `/ecs/${this.stem}/${role}`;
  }

  /** `mate-demo-dev-migrate`: the task definition family of the database migration task. */
  get migrateFamily(): string {
    return `${this.stem}-migrate`;
  }

  /** `mate-demo-dev-data`: the tenant's data bucket (the seed's `mate-demo-dev-data`). */
  get bucket(): string {
    return `${this.stem}-data`;
  }

  /** `mate-demo-dev-access-logs`: the bucket receiving the data bucket's server access logs. */
  get accessLogBucket(): string {
    return `${this.stem}-access-logs`;
  }

  /** `alias/mate-demo-dev`: the alias of the tenant's own KMS key. */
  get keyAlias(): string {
    return `alias/${this.stem}`;
  }

  /** `mate-demo-dev-media`: the Name tag of the tenant's EFS file system. */
  get fileSystem(): string {
    return `${this.stem}-media`;
  }

  /**
   * `/aws/rds/instance/mate-demo-dev/postgresql`: the log group RDS exports a log type to. RDS fixes this name; the
   * tenant creates the group first so that it is encrypted and expires.
   */
  databaseLogGroup(logType: string): string {
    return `/aws/rds/instance/${this.databaseInstanceIdentifier}/${logType}`;
  }

  /**
   * `/aws/vendedlogs/elasticache/mate-demo-dev/slow-log`: the log group the cache delivers a log type to. Log delivery
   * adds every destination group to one account-wide CloudWatch Logs resource policy of at most 5120 characters,
   * unless the group's name starts with `/aws/vendedlogs/`; with one group per tenant the prefix is what lets an
   * environment grow past a handful of tenants.
   */
  cacheLogGroup(logType: string): string {
    return `/aws/vendedlogs/elasticache/${this.stem}/${logType}`;
  }

  /** `mate-demo-dev`: the Django target group. */
  get targetGroup(): string {
    return this.stem;
  }

  /** `mate-demo-dev`: the Redis replication group id. */
  get cacheReplicationGroupId(): string {
    return this.stem;
  }

  /** `mate-demo-dev`: the RDS instance identifier. */
  get databaseInstanceIdentifier(): string {
    return this.stem;
  }

  /** `mate-demo-dev`: the CloudWatch dashboard. */
  get dashboard(): string {
    return this.stem;
  }

  /** `mate-demo-dev-django-not-running`: a CloudWatch alarm of the tenant; `what` says what it watches. */
  alarm(what: string): string {
    return `${this.stem}-${what}`;
  }

  /** `mate-demo-dev`: the tenant's AWS Backup vault. */
  get backupVault(): string {
    return this.stem;
  }

  /** `mate-demo-dev`: the tenant's AWS Backup plan. */
  get backupPlan(): string {
    return this.stem;
  }

  /** `mate/dev/demo/<name>`: a Secrets Manager secret of the tenant. */
  secret(name: string): string {
    return `${this.environmentNames.prefix}/${this.environmentNames.environment}/${this.tenantId}/${name}`;
  }

  /** The names that must fit AWS limits. */
  checkedNames(): CheckedName[] {
    return [
      { resource: 'ECS service', name: this.service('django'), maxLength: NAME_LIMITS.ecsService },
      { resource: 'migration task family', name: this.migrateFamily, maxLength: NAME_LIMITS.taskDefinitionFamily },
      { resource: 'log group', name: this.logGroup('migrate'), maxLength: NAME_LIMITS.logGroup },
      { resource: 'S3 bucket', name: this.bucket, maxLength: NAME_LIMITS.s3Bucket },
      { resource: 'S3 access-log bucket', name: this.accessLogBucket, maxLength: NAME_LIMITS.s3Bucket },
      { resource: 'target group', name: this.targetGroup, maxLength: NAME_LIMITS.targetGroup },
      { resource: 'ElastiCache replication group', name: this.cacheReplicationGroupId, maxLength: NAME_LIMITS.cacheReplicationGroupId },
      { resource: 'RDS instance', name: this.databaseInstanceIdentifier, maxLength: NAME_LIMITS.databaseInstanceIdentifier },
      { resource: 'AWS Backup vault', name: this.backupVault, maxLength: NAME_LIMITS.backupVault },
      { resource: 'Secrets Manager secret', name: this.secret('django-secret-key'), maxLength: NAME_LIMITS.secretName },
      { resource: 'CloudWatch alarm', name: this.alarm(LONGEST_ALARM_SUFFIX), maxLength: NAME_LIMITS.alarm },
    ];
  }

  /**
   * Every problem with the tenant id and the names derived from it. The longest tenant id that fits is named, so the
   * fix is obvious.
   */
  problems(): string[] {
    const label = labelProblem('tenantId', this.tenantId);
    if (label) {
      return [label];
    }
    const problems = lengthProblems(this.checkedNames(), 'tenantId (or the base\'s prefix or environment)');
    if (problems.length > 0) {
      problems.push(`with prefix '${this.environmentNames.prefix}' and environment '${this.environmentNames.environment}', tenantId may be at most ${this.maxTenantIdLength()} characters`);
    }
    return problems;
  }

  /** The longest tenant id whose derived names all fit, with this prefix and environment. */
  maxTenantIdLength(): number {
    const overhead = Math.max(...this.checkedNames().map((checked) => checked.name.length - this.tenantId.length - checked.maxLength));
    return -overhead;
  }
}
