import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as efs from 'aws-cdk-lib/aws-efs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApplicationContract, ContainerRole } from './application-contract';
import { SCRATCH_PATH } from './service-defaults';
import type { TenantNames } from '../../naming';
import { acknowledgeFinding } from '../../security/acknowledge-findings';
import type { TenantTier } from '../../tiers';

/** The tenant's media files, mounted read-write into the containers that serve or process them. */
export interface MediaVolume {
  readonly fileSystem: efs.IFileSystem;
  readonly accessPoint: efs.IAccessPoint;
  readonly containerPath: string;
}

/** One container role's task definition. */
export interface ServiceTaskDefinitionProps {
  readonly role: ContainerRole;
  /** The task definition family, also the name operators pass to `aws ecs run-task`. */
  readonly family: string;
  readonly names: TenantNames;
  readonly tier: TenantTier;
  readonly image: ecs.ContainerImage;
  readonly command: string[];
  readonly cpuArchitecture: ecs.CpuArchitecture;
  readonly taskRole: iam.IRole;
  readonly executionRole: iam.IRole;
  /** Encrypts the role's log group. */
  readonly key: kms.IKey;
  readonly contract: ApplicationContract;
  readonly readonlyRootFilesystem: boolean;
  /** @default - no media volume */
  readonly media?: MediaVolume;
  /** @default - the container listens on no port */
  readonly containerPort?: number;
  /** @default - ECS's default of 30 seconds */
  readonly stopTimeout?: Duration;
}

/**
 * A Fargate task definition for one role of the application image, sized by the tier, with the application
 * contract, an encrypted log group `/ecs/<stem>/<role>` and, where asked, the media file system.
 */
export class ServiceTaskDefinition extends Construct {
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceTaskDefinitionProps) {
    super(scope, id);

    // Log groups are operational data with the tier's retention; they go with the tenant's stack so that a tenant
    // can be onboarded again under the same id (a retained group would block the fixed name).
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.names.logGroup(props.role),
      retention: props.tier.config.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: props.family,
      cpu: props.tier.config.cpu,
      memoryLimitMiB: props.tier.config.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: props.cpuArchitecture,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      taskRole: props.taskRole,
      executionRole: props.executionRole,
    });
    acknowledgeFinding(this.taskDefinition, ['awsSolutions'], 'ECS2',
      'The plain environment variables are the documented application contract (host names, endpoints, bucket, region); every credential reaches the container through ECS secrets from Secrets Manager, and containerEnvironment rejects names that look like credentials.');

    this.container = this.taskDefinition.addContainer(props.role, {
      containerName: props.role,
      image: props.image,
      command: props.command,
      environment: props.contract.environmentFor(props.role),
      secrets: props.contract.secretsForContainers(),
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: props.role }),
      readonlyRootFilesystem: props.readonlyRootFilesystem,
      // The task's only container may use all of the task's memory and no more. Fargate enforces the task's limit
      // anyway; stating it on the container is what AWS Control Tower's CT.ECS.PR.7 checks.
      memoryLimitMiB: props.tier.config.memoryMiB,
      portMappings: props.containerPort === undefined ? undefined : [
        { name: 'http', containerPort: props.containerPort, protocol: ecs.Protocol.TCP },
      ],
      stopTimeout: props.stopTimeout,
      essential: true,
    });

    if (props.readonlyRootFilesystem) {
      // A volume without a host path is Fargate task storage: writable, private to the task, gone when it stops.
      this.taskDefinition.addVolume({ name: 'scratch' });
      this.container.addMountPoints({ sourceVolume: 'scratch', containerPath: SCRATCH_PATH, readOnly: false });
    }

    if (props.media) {
      this.taskDefinition.addVolume({
        name: 'media',
        efsVolumeConfiguration: {
          fileSystemId: props.media.fileSystem.fileSystemId,
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: props.media.accessPoint.accessPointId, iam: 'ENABLED' },
        },
      });
      this.container.addMountPoints({ sourceVolume: 'media', containerPath: props.media.containerPath, readOnly: false });
    }
  }
}
