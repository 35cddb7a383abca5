import { Annotations, Token } from 'aws-cdk-lib';
import type * as budgets from 'aws-cdk-lib/aws-budgets';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as efs from 'aws-cdk-lib/aws-efs';
import type * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { dataProblems } from './data/data-problems';
import { DEFAULT_DATABASE_ALLOCATED_STORAGE_GIB, DEFAULT_DATABASE_NAME, TenantData } from './data/tenant-data';
import type { MateTenantProps } from './mate-tenant-props';
import { servicesProblems } from './services/services-problems';
import { TenantServices } from './services/tenant-services';
import { registerTenant } from './tenant-registry';
import { baseInStackOf } from '../base/base-in-stack';
import type { IMateBase } from '../base/mate-base';
import { budgetProblems, TenantBudget } from '../cost/tenant-budget';
import { defaultMonthlyBudget } from '../cost/tier-estimate';
import { TenantOperatorOutputs } from '../deployment/tenant-operator-outputs';
import { monitoringProblems } from '../monitoring/alarm-thresholds';
import { TenantMonitoring } from '../monitoring/tenant-monitoring';
import { TenantNames } from '../naming';
import { labelProblem } from '../naming/dns-label';
import { throwIfProblems } from '../private/problems';
import { ecsTasksPrincipal } from '../security/ecs-tasks-principal';
import { ManagedPolicyRole } from '../security/managed-policy-role';
import { addCostAllocationTag, TagLifetime } from '../tagging/cost-allocation-tags';
import type { TenantTier } from '../tiers';

/**
 * One tenant's isolated silo on a MATE environment: PostgreSQL, Redis, an S3 bucket, an EFS file system and the
 * Django, Celery worker and Celery Beat services, sized by its tier.
 *
 * Put each tenant in a stack of its own: the stack can be deployed, changed and destroyed without touching the base
 * or any other tenant, and data stores are kept (or snapshotted) when it is destroyed.
 */
export class MateTenant extends Construct {
  /**
   * The name of the stack a tenant lives in by convention, `MateTenant-<tenantId>-<environment>` (the examples'
   * and the runbook's), after checking both ids.
   *
   * Use it as the stack's id: a tenant id such as `Acme_Corp` then fails with MATE's message naming the prop to
   * change, instead of CloudFormation's stack-name error from the `Stack` before `MateTenant` can check anything.
   *
   * @param tenantId the tenant's id, a lower-case DNS label, as given to `MateTenant`
   * @param environment the environment's name, as given to `MateBaseInfra`
   * @throws Error naming every problem with the two ids
   */
  public static stackName(tenantId: string, environment: string): string {
    const problems = [labelProblem('tenantId', tenantId), labelProblem('environment', environment)]
      .filter((problem): problem is string => problem !== undefined);
    throwIfProblems(`MateTenant '${tenantId}'`, problems);
    return `MateTenant-${tenantId}-${environment}`;
  }

  /** The tenant's id. */
  public readonly tenantId: string;

  /** The tenant's tier. */
  public readonly tier: TenantTier;

  /** The environment, as seen from the tenant's stack. */
  public readonly base: IMateBase;

  /** The security group of the tenant's services; the only source its data stores accept connections from. */
  public readonly serviceSecurityGroup: ec2.ISecurityGroup;

  /** The role every container of the tenant runs as; it reaches only this tenant's data. */
  public readonly taskRole: iam.IRole;

  /**
   * The key encrypting the tenant's database, cache, bucket, file system, secrets and logs: the tenant's own key
   * (`alias/<prefix>-<tenantId>-<env>`) unless `dedicatedKey` is false, then the environment's key.
   */
  public readonly key: kms.IKey;

  /** The tenant's PostgreSQL instance `<prefix>-<tenantId>-<env>`, snapshotted when deleted or replaced. */
  public readonly database: rds.IDatabaseInstance;

  /**
   * The database's master credentials, rotated every 30 days: JSON keys `username`, `password`, `host`, `port`,
   * `dbname` and `engine`.
   */
  public readonly databaseSecret: secretsmanager.ISecret;

  /** Name of the PostgreSQL database created for the application. */
  public readonly databaseName: string;

  /** The tenant's Valkey replication group `<prefix>-<tenantId>-<env>` (TLS only, AUTH token required). */
  public readonly cacheReplicationGroup: elasticache.CfnReplicationGroup;

  /** Address of the cache's primary endpoint. */
  public readonly cacheHost: string;

  /** Port of the cache's primary endpoint. */
  public readonly cachePort: string;

  /** The cache's AUTH token: JSON key `authToken`. */
  public readonly cacheAuthSecret: secretsmanager.ISecret;

  /** The tenant's data bucket `<prefix>-<tenantId>-<env>-data`, retained when the stack is deleted. */
  public readonly bucket: s3.IBucket;

  /** The EFS file system holding the application's media files, retained when the stack is deleted. */
  public readonly fileSystem: efs.IFileSystem;

  /** The access point through which the containers mount the file system. */
  public readonly accessPoint: efs.IAccessPoint;

  /** Path in the containers where the media file system is mounted. */
  public readonly mediaPath: string;

  /** Django's `SECRET_KEY`, generated for this tenant: JSON key `secretKey`. */
  public readonly djangoSecretKey: secretsmanager.ISecret;

  /** The Django web service `<prefix>-<tenantId>-<env>-django`, behind the environment's HTTPS listener. */
  public readonly djangoService: ecs.FargateService;

  /** The Celery worker service `<prefix>-<tenantId>-<env>-celery`. */
  public readonly celeryService: ecs.FargateService;

  /** The Celery Beat service `<prefix>-<tenantId>-<env>-beat`: exactly one task. */
  public readonly beatService: ecs.FargateService;

  /** The migration task definition, family `<prefix>-<tenantId>-<env>-migrate`. */
  public readonly migrateTaskDefinition: ecs.FargateTaskDefinition;

  /**
   * The `aws ecs run-task` command that runs the migration task once, also published as the stack output
   * `MigrateCommand<TenantId>` (for example `MigrateCommandDemo`).
   */
  public readonly migrateCommand: string;

  /** The Django target group `<prefix>-<tenantId>-<env>`. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  /** The tenant's host-name rule on the environment's HTTPS listener. */
  public readonly listenerRule: elbv2.ApplicationListenerRule;

  /**
   * Priority of the tenant's listener rule: `listenerRulePriority` when given; otherwise a token, resolved when the
   * stack deploys to the priority the environment's placement function chose (and keeps for the tenant's life).
   */
  public readonly listenerRulePriority: number;

  /**
   * Which of the environment's load balancers serves the tenant: with `listenerRulePriority`, `loadBalancerIndex` or
   * 0; otherwise a token, resolved when the stack deploys to the load balancer the placement function chose.
   */
  public readonly loadBalancerIndex: number;

  /** The load balancer that serves the tenant (chosen at deployment unless `listenerRulePriority` is given). */
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /** The host names the tenant serves: `<tenantId>.<domainName>`, then `additionalHostNames`. */
  public readonly hostNames: string[];

  /** Task count of the Django service, between the tier's `minTasks` and `maxTasks`; add your own scaling policies here. */
  public readonly djangoTaskCount: ecs.ScalableTaskCount;

  /** Task count of the Celery worker service, between the tier's `minTasks` and `maxTasks`. */
  public readonly celeryTaskCount: ecs.ScalableTaskCount;

  /**
   * The tenant's CloudWatch dashboard `<prefix>-<tenantId>-<env>`; undefined unless `dashboard` is true (and
   * `monitoring` is not false).
   */
  public readonly dashboard?: cloudwatch.Dashboard;

  /** The tenant's alarms, each notifying the environment's alarm topic; empty when `monitoring` is false. */
  public readonly alarms: cloudwatch.Alarm[];

  /** The tenant's monthly budget limit in US dollars: `monthlyBudgetUsd`, or the one derived from its tier; 0 for none. */
  public readonly monthlyBudgetUsd: number;

  /** The tenant's monthly cost budget `<prefix>-<tenantId>-<env>`; undefined when `monthlyBudgetUsd` is 0. */
  public readonly budget?: budgets.CfnBudget;

  // Internal building blocks; their resources are exposed below as public, jsii-typed properties.
  private readonly data: TenantData;
  private readonly services: TenantServices;

  constructor(scope: Construct, id: string, props: MateTenantProps) {
    super(scope, id);

    const names = new TenantNames(props.base.prefix, props.base.environment, props.tenantId);
    // One error lists every problem with the props, the data side's and the services' included.
    const problems = [
      ...names.problems(),
      ...dataProblems({
        tier: props.tier,
        databaseName: props.databaseName ?? DEFAULT_DATABASE_NAME,
        allocatedStorageGiB: props.databaseAllocatedStorageGiB ?? DEFAULT_DATABASE_ALLOCATED_STORAGE_GIB,
      }),
      ...servicesProblems(props, { tenantHostName: `${props.tenantId}.${props.base.domainName}`, loadBalancerCount: props.base.loadBalancers.length }),
      ...monitoringProblems(props, props.tier.config),
      ...budgetProblems(props.monthlyBudgetUsd),
    ];
    throwIfProblems(`MateTenant '${props.tenantId}'`, problems, this);
    registerTenant(props.base, props.tenantId, this);

    this.tenantId = props.tenantId;
    this.tier = props.tier;
    this.base = baseInStackOf(this, props.base);

    this.serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.base.vpc,
      description: `Services of tenant ${props.tenantId} (${names.stem})`,
      allowAllOutbound: true,
    });
    this.taskRole = new ManagedPolicyRole(this, 'TaskRole', {
      assumedBy: ecsTasksPrincipal(this),
      description: `Runs the containers of tenant ${props.tenantId}; reaches only this tenant's data`,
      // The path of the environment's task roles: the only roles a deploy role may pass to ECS.
      path: names.environmentNames.taskRolePath,
      policyDescription: `What the containers of tenant ${props.tenantId} (${names.stem}) may do`,
    });

    this.data = new TenantData(this, 'Data', {
      base: this.base,
      names,
      tier: props.tier,
      serviceSecurityGroup: this.serviceSecurityGroup,
      taskRole: this.taskRole,
      dedicatedKey: props.dedicatedKey ?? true,
      databaseName: props.databaseName,
      databaseAllocatedStorageGiB: props.databaseAllocatedStorageGiB,
    });
    this.key = this.data.key;
    this.database = this.data.database;
    this.databaseSecret = this.data.databaseSecret;
    this.databaseName = this.data.databaseName;
    this.cacheReplicationGroup = this.data.cache;
    this.cacheHost = this.data.cacheHost;
    this.cachePort = this.data.cachePort;
    this.cacheAuthSecret = this.data.cacheAuthSecret;
    this.bucket = this.data.bucket;
    this.fileSystem = this.data.fileSystem;
    this.accessPoint = this.data.accessPoint;
    this.mediaPath = this.data.mediaPath;
    this.djangoSecretKey = this.data.djangoSecretKey;

    this.services = new TenantServices(this, 'Services', {
      ...props,
      base: this.base,
      names,
      serviceSecurityGroup: this.serviceSecurityGroup,
      taskRole: this.taskRole,
      data: this.data,
    });
    if (this.services.placementAtDeployment) {
      // A tenant that no load balancer has room for fails on its placement, before any of its data stores exists.
      this.data.node.addDependency(this.services.placementAtDeployment.resource);
    }

    this.djangoService = this.services.djangoService;
    this.celeryService = this.services.celeryService;
    this.beatService = this.services.beatService;
    this.migrateTaskDefinition = this.services.migrateTaskDefinition;
    this.migrateCommand = this.services.migrateCommand;
    this.targetGroup = this.services.targetGroup;
    this.listenerRule = this.services.listenerRule;
    this.listenerRulePriority = this.services.placement.priority;
    this.loadBalancerIndex = this.services.placement.loadBalancerIndex;
    this.loadBalancer = this.services.placement.loadBalancer;
    this.hostNames = this.services.hostNames;
    this.djangoTaskCount = this.services.djangoTaskCount;
    this.celeryTaskCount = this.services.celeryTaskCount;

    const monitoring = (props.monitoring ?? true) ? new TenantMonitoring(this, 'Monitoring', {
      names,
      tier: props.tier,
      alarmTopic: this.base.alarmTopic,
      targetGroup: this.targetGroup,
      database: this.database,
      databaseAllocatedStorageGiB: props.databaseAllocatedStorageGiB ?? DEFAULT_DATABASE_ALLOCATED_STORAGE_GIB,
      alarmThresholds: props.alarmThresholds,
      dashboard: props.dashboard ?? false,
    }) : undefined;
    this.dashboard = monitoring?.dashboard;
    this.alarms = monitoring?.alarms ?? [];
    const derivedBudget = props.monthlyBudgetUsd === undefined ? defaultMonthlyBudget(props.tier, {
      databaseAllocatedStorageGiB: props.databaseAllocatedStorageGiB,
      cpuArchitecture: props.cpuArchitecture?._cpuArchitecture,
      dedicatedKey: props.dedicatedKey,
    }) : {};
    if (derivedBudget.whyNone) {
      Annotations.of(this).addWarningV2('@sociant/mate-infra:noDefaultBudget',
        `Tenant ${props.tenantId} has no budget: no default limit can be derived for tier '${props.tier.name}' (${derivedBudget.whyNone}); set monthlyBudgetUsd (0 for no budget)`);
    }
    this.monthlyBudgetUsd = props.monthlyBudgetUsd ?? derivedBudget.usd ?? 0;
    this.budget = this.monthlyBudgetUsd > 0 || Token.isUnresolved(this.monthlyBudgetUsd)
      ? new TenantBudget(this, 'Budget', { names, alarmTopic: this.base.alarmTopic, limitUsd: this.monthlyBudgetUsd }).budget
      : undefined;
    new TenantOperatorOutputs(this, 'Outputs', {
      names,
      hostName: this.hostNames[0],
      loadBalancerDnsName: this.loadBalancer.loadBalancerDnsName,
      dashboardName: monitoring?.dashboard ? names.dashboard : undefined,
    });

    // Cost allocation: every resource of the tenant carries its id, tier and environment.
    addCostAllocationTag(this, 'mate:tenant', props.tenantId);
    // The tier changes during a tenant's life; the rotation application would be replaced for that alone.
    addCostAllocationTag(this, 'mate:tier', props.tier.name, TagLifetime.CHANGING);
    addCostAllocationTag(this, 'mate:environment', props.base.environment);
  }
}
