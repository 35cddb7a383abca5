import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ApplicationContract } from './application-contract';
import { CeleryBeatService } from './celery-beat-service';
import { CeleryWorkerService } from './celery-worker-service';
import { DjangoService } from './django-service';
import { placeOnListener } from './listener-placement';
import { MigrateOnDeploy } from './migrate-on-deploy';
import { MigrationCommand } from './migration-command';
import { PlacementAtDeployment, pinnedPlacement, type ListenerPlacement } from './placement-at-deployment';
import { RolloutOnRotation } from './rollout-on-rotation';
import { defaultCommands, SERVICE_DEFAULTS } from './service-defaults';
import { ServiceTaskDefinition, type MediaVolume } from './service-task-definition';
import type { TenantNames } from '../../naming';
import { throwIfProblems } from '../../private/problems';
import { ecsTasksPrincipal } from '../../security/ecs-tasks-principal';
import { ManagedPolicyRole } from '../../security/managed-policy-role';
import type { TenantData } from '../data/tenant-data';
import type { MateTenantProps } from '../mate-tenant-props';

/**
 * What the services side of a tenant needs. Private: built by `MateTenant`.
 */
export interface TenantServicesProps extends MateTenantProps {
  readonly names: TenantNames;
  /** The group every service of the tenant joins; the tenant's data stores accept only this group. */
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
  /** The one role every container of the tenant runs as. */
  readonly taskRole: iam.IRole;
  readonly data: TenantData;
}

/**
 * One tenant's application: Django behind the environment's HTTPS listener, the Celery worker and Celery Beat, all
 * on Fargate in the environment's cluster and all from one image, plus the database migration task.
 */
export class TenantServices extends Construct {
  public readonly djangoService: ecs.FargateService;
  public readonly celeryService: ecs.FargateService;
  public readonly beatService: ecs.FargateService;
  public readonly migrateTaskDefinition: ecs.FargateTaskDefinition;
  public readonly djangoTaskCount: ecs.ScalableTaskCount;
  public readonly celeryTaskCount: ecs.ScalableTaskCount;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly listenerRule: elbv2.ApplicationListenerRule;
  /** The load balancer and listener rule priority of the tenant: tokens when the placement function chooses them. */
  public readonly placement: ListenerPlacement;
  public readonly hostNames: string[];
  /** Chooses the load balancer and priority at deployment; undefined when the tenant pins its priority. */
  public readonly placementAtDeployment?: PlacementAtDeployment;
  /** The role ECS uses to pull the image, read the secrets and write the logs of every task definition. */
  public readonly executionRole: iam.Role;
  public readonly migrateCommand: string;
  /** The migration run of each deployment, when `migrateOnDeploy` is on. */
  public readonly migrateOnDeploy?: MigrateOnDeploy;
  /** Restarts the three services whenever the database password changes, so that their tasks read the new one. */
  public readonly rolloutOnRotation: RolloutOnRotation;

  constructor(scope: Construct, id: string, props: TenantServicesProps) {
    super(scope, id);
    const { base, names, tier, data } = props;

    this.hostNames = [`${props.tenantId}.${base.domainName}`, ...(props.additionalHostNames ?? [])];
    if (props.listenerRulePriority === undefined) {
      // Decided when the stack deploys, by the environment, which sees the tenants of every app.
      this.placementAtDeployment = new PlacementAtDeployment(this, 'Placement', {
        base,
        tenantId: props.tenantId,
        hostName: this.hostNames[0],
        loadBalancerIndex: props.loadBalancerIndex,
      });
      this.placement = this.placementAtDeployment;
    } else {
      this.placement = pinnedPlacement(base, props.loadBalancerIndex ?? 0, props.listenerRulePriority);
      // The props are checked by MateTenant; what is left depends on the other tenants of the app.
      const problems = placeOnListener(this, {
        base,
        tenantId: props.tenantId,
        loadBalancerIndex: this.placement.loadBalancerIndex,
        priority: this.placement.priority,
      });
      throwIfProblems(`MateTenant '${props.tenantId}'`, problems, scope);
    }

    // One execution role for the tenant's task definitions rather than one each: IAM roles are an account quota
    // that every tenant of every environment draws on.
    this.executionRole = new ManagedPolicyRole(this, 'ExecutionRole', {
      assumedBy: ecsTasksPrincipal(this),
      description: `Lets ECS pull the image, read the secrets and write the logs of tenant ${props.tenantId}`,
      // The path of the environment's task roles: the only roles a deploy role may pass to ECS.
      path: names.environmentNames.taskRolePath,
      policyDescription: `What ECS may do to start the tasks of tenant ${props.tenantId} (${names.stem})`,
    });

    const contract = new ApplicationContract(this, {
      tenantId: props.tenantId,
      environment: base.environment,
      hostNames: this.hostNames,
      data,
      djangoSettingsModule: props.djangoSettingsModule,
      containerEnvironment: props.containerEnvironment,
      containerSecrets: props.containerSecrets,
    });
    const defaults = defaultCommands(props.celeryApp ?? SERVICE_DEFAULTS.celeryApp, base.applicationPort, tier.config.cpu);
    const readonlyRootFilesystem = props.readonlyRootFilesystem ?? SERVICE_DEFAULTS.readonlyRootFilesystem;
    const media: MediaVolume = { fileSystem: data.fileSystem, accessPoint: data.accessPoint, containerPath: data.mediaPath };
    const taskDefaults = {
      names,
      tier,
      image: props.image,
      cpuArchitecture: props.cpuArchitecture ?? ecs.CpuArchitecture.ARM64,
      taskRole: props.taskRole,
      executionRole: this.executionRole,
      key: data.key,
      contract,
    };
    const scalingTargets = {
      cpuUtilizationPercent: props.targetCpuUtilizationPercent ?? SERVICE_DEFAULTS.targetCpuUtilizationPercent,
      memoryUtilizationPercent: props.targetMemoryUtilizationPercent ?? SERVICE_DEFAULTS.targetMemoryUtilizationPercent,
      requestsPerTask: props.targetRequestsPerTask ?? SERVICE_DEFAULTS.targetRequestsPerTask,
    };

    const djangoTask = new ServiceTaskDefinition(this, 'DjangoTask', {
      ...taskDefaults,
      role: 'django',
      family: names.service('django'),
      command: props.djangoCommand ?? defaults.django,
      // ECS Exec writes its agent into the container, which a read-only root file system forbids.
      readonlyRootFilesystem: false,
      media,
      containerPort: base.applicationPort,
    });
    const django = new DjangoService(this, 'Django', {
      base,
      names,
      tier,
      task: djangoTask,
      serviceSecurityGroup: props.serviceSecurityGroup,
      scalingTargets,
      hostNames: this.hostNames,
      placement: this.placement,
      healthCheckPath: props.healthCheckPath ?? SERVICE_DEFAULTS.healthCheckPath,
      deregistrationDelay: props.deregistrationDelay ?? SERVICE_DEFAULTS.deregistrationDelay,
      slowStart: props.slowStart ?? SERVICE_DEFAULTS.slowStart,
    });

    const celeryTask = new ServiceTaskDefinition(this, 'CeleryTask', {
      ...taskDefaults,
      role: 'celery',
      family: names.service('celery'),
      command: props.celeryCommand ?? defaults.celery,
      readonlyRootFilesystem,
      media,
      // Celery's warm shutdown finishes running jobs; Fargate allows at most 120 seconds, as much as a Spot warning.
      stopTimeout: Duration.seconds(120),
    });
    const celery = new CeleryWorkerService(this, 'Celery', {
      base,
      names,
      tier,
      task: celeryTask,
      serviceSecurityGroup: props.serviceSecurityGroup,
      scalingTargets,
    });

    const beatTask = new ServiceTaskDefinition(this, 'BeatTask', {
      ...taskDefaults,
      role: 'beat',
      family: names.service('beat'),
      command: props.beatCommand ?? defaults.beat,
      readonlyRootFilesystem,
    });
    const beat = new CeleryBeatService(this, 'Beat', {
      base,
      names,
      tier: props.tier,
      task: beatTask,
      serviceSecurityGroup: props.serviceSecurityGroup,
    });

    const migrateTask = new ServiceTaskDefinition(this, 'MigrateTask', {
      ...taskDefaults,
      role: 'migrate',
      family: names.migrateFamily,
      command: props.migrateCommand ?? defaults.migrate,
      readonlyRootFilesystem,
    });
    const migrationCommand = new MigrationCommand(this, 'MigrationCommand', {
      base,
      names,
      serviceSecurityGroup: props.serviceSecurityGroup,
    });

    this.djangoService = django.service;
    this.celeryService = celery.service;
    this.beatService = beat.service;
    this.djangoTaskCount = django.taskCount;
    this.celeryTaskCount = celery.taskCount;
    this.targetGroup = django.routing.targetGroup;
    this.listenerRule = django.routing.listenerRule;
    this.migrateTaskDefinition = migrateTask.taskDefinition;
    this.migrateCommand = migrationCommand.command;

    for (const service of [this.djangoService, this.celeryService, this.beatService]) {
      // A service's first tasks need their image, secrets and log groups as soon as they start.
      service.node.addDependency(this.executionRole);
    }

    if (props.migrateOnDeploy ?? SERVICE_DEFAULTS.migrateOnDeploy) {
      this.migrateOnDeploy = new MigrateOnDeploy(this, 'MigrateOnDeploy', {
        base,
        names,
        taskDefinition: migrateTask.taskDefinition,
        containerName: migrateTask.container.containerName,
        imageName: migrateTask.container.imageName,
        cpuArchitecture: taskDefaults.cpuArchitecture,
        logGroup: migrateTask.logGroup,
        subnetIds: migrationCommand.subnetIds,
        serviceSecurityGroup: props.serviceSecurityGroup,
      });
      // Migrations run once every data store, and every rule letting the tasks reach them, exists...
      this.migrateOnDeploy.resource.node.addDependency(data);
      // ...and no service rolls out new code before the schema it expects is in place.
      for (const service of [this.djangoService, this.celeryService, this.beatService]) {
        service.node.addDependency(this.migrateOnDeploy.resource);
      }
    }

    this.rolloutOnRotation = new RolloutOnRotation(this, 'RolloutOnRotation', {
      base,
      names,
      tier,
      secret: data.databaseSecret,
      key: data.key,
    });
  }
}
