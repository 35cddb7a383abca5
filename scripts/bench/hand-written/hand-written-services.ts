/**
 * A hand-written tenant's application: Django behind the environment's listener, Celery worker and Beat on Fargate,
 * the migration task run by a Lambda-backed custom resource, and a state machine that rolls the services out after
 * the database password rotates.
 */
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sfnTasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { APPLICATION_PORT, type HandWrittenBaseStack } from './hand-written-base-stack';
import type { HandWrittenData } from './hand-written-data';
import type { HandWrittenTier } from './hand-written-tiers';

export interface HandWrittenServicesProps {
  readonly base: HandWrittenBaseStack;
  readonly stem: string;
  readonly hostName: string;
  readonly tier: HandWrittenTier;
  readonly image: ecs.ContainerImage;
  readonly data: HandWrittenData;
  readonly serviceSecurityGroup: ec2.SecurityGroup;
  readonly listener: elbv2.IApplicationListener;
  readonly listenerRulePriority: number;
}

type Role = 'django' | 'celery' | 'beat' | 'migrate';

export class HandWrittenServices extends Construct {
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly services: ecs.FargateService[] = [];

  constructor(scope: Construct, id: string, props: HandWrittenServicesProps) {
    super(scope, id);
    const { base, stem, tier, data } = props;

    const taskRole = new iam.Role(this, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    data.bucket.grantReadWrite(taskRole);
    data.fileSystem.grantReadWrite(taskRole);
    const executionRole = new iam.Role(this, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

    // The same application image runs on both apps, so its containers get the same variables as MATE's application
    // contract (docs/application-contract.md): an app with fewer would not run that image.
    const [, tenantId, environmentName] = stem.split('-');
    const environmentFor = (role: Role) => ({
      MATE_TENANT_ID: tenantId,
      MATE_ENVIRONMENT: environmentName,
      MATE_SERVICE_ROLE: role,
      DJANGO_ALLOWED_HOSTS: props.hostName,
      DATABASE_HOST: data.database.dbInstanceEndpointAddress,
      DATABASE_PORT: data.database.dbInstanceEndpointPort,
      DATABASE_NAME: 'mate',
      REDIS_HOST: data.cache.attrPrimaryEndPointAddress,
      REDIS_PORT: data.cache.attrPrimaryEndPointPort,
      REDIS_TLS: 'true',
      AWS_STORAGE_BUCKET_NAME: data.bucket.bucketName,
      MEDIA_ROOT: '/app/media',
      AWS_REGION: Stack.of(this).region,
      AWS_DEFAULT_REGION: Stack.of(this).region,
    });
    const secrets = {
      DATABASE_USER: ecs.Secret.fromSecretsManager(data.database.secret!, 'username'),
      DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(data.database.secret!, 'password'),
      REDIS_AUTH_TOKEN: ecs.Secret.fromSecretsManager(data.cacheAuthSecret, 'authToken'),
      DJANGO_SECRET_KEY: ecs.Secret.fromSecretsManager(data.djangoSecretKey, 'secretKey'),
    };
    const taskDefinition = (role: Role, command: string[], port?: number) => {
      const logGroup = new logs.LogGroup(this, `${role}Logs`, {
        logGroupName: `/ecs/${stem}/${role}`,
        encryptionKey: data.key,
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const definition = new ecs.FargateTaskDefinition(this, `${role}Task`, {
        family: `${stem}-${role}`,
        cpu: tier.cpu,
        memoryLimitMiB: tier.memoryMiB,
        runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
        taskRole,
        executionRole,
      });
      definition.addVolume({
        name: 'media',
        efsVolumeConfiguration: {
          fileSystemId: data.fileSystem.fileSystemId,
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: data.accessPoint.accessPointId, iam: 'ENABLED' },
        },
      });
      const container = definition.addContainer(role, {
        image: props.image,
        command,
        environment: environmentFor(role),
        secrets,
        logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: role }),
        portMappings: port === undefined ? undefined : [{ containerPort: port }],
      });
      container.addMountPoints({ sourceVolume: 'media', containerPath: '/app/media', readOnly: false });
      return { definition, logGroup };
    };
    const service = (role: Role, definition: ecs.FargateTaskDefinition, securityGroups: ec2.ISecurityGroup[]) => {
      const fargateService = new ecs.FargateService(this, `${role}Service`, {
        serviceName: `${stem}-${role}`,
        cluster: base.cluster,
        taskDefinition: definition,
        securityGroups,
        enableExecuteCommand: role === 'django',
        circuitBreaker: { rollback: true },
        minHealthyPercent: role === 'beat' ? 0 : 100,
        maxHealthyPercent: role === 'beat' ? 100 : 200,
      });
      this.services.push(fargateService);
      return fargateService;
    };

    const django = taskDefinition('django', ['gunicorn', 'mate.wsgi:application', '--bind', `0.0.0.0:${APPLICATION_PORT}`], APPLICATION_PORT);
    const djangoService = service('django', django.definition, [props.serviceSecurityGroup]);
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      targetGroupName: stem,
      vpc: base.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: APPLICATION_PORT,
      healthCheck: { path: '/health/', interval: Duration.seconds(15) },
      targets: [djangoService],
    });
    new elbv2.ApplicationListenerRule(this, 'ListenerRule', {
      listener: props.listener,
      priority: props.listenerRulePriority,
      conditions: [elbv2.ListenerCondition.hostHeaders([props.hostName])],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });
    const djangoScaling = djangoService.autoScaleTaskCount({ minCapacity: tier.minTasks, maxCapacity: tier.maxTasks });
    djangoScaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    djangoScaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: 75 });
    djangoScaling.scaleOnRequestCount('Requests', { requestsPerTarget: 1000, targetGroup: this.targetGroup });

    const celery = taskDefinition('celery', ['celery', '-A', 'mate', 'worker']);
    const celeryScaling = service('celery', celery.definition, [props.serviceSecurityGroup])
      .autoScaleTaskCount({ minCapacity: tier.minTasks, maxCapacity: tier.maxTasks });
    celeryScaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    celeryScaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: 75 });

    const beat = taskDefinition('beat', ['celery', '-A', 'mate', 'beat']);
    service('beat', beat.definition, [props.serviceSecurityGroup]);

    const migrate = taskDefinition('migrate', ['python', 'manage.py', 'migrate', '--noinput']);
    this.migrateOnDeploy(migrate.definition, migrate.logGroup, props);
    this.rolloutOnRotation(props);
  }

  private migrateOnDeploy(definition: ecs.FargateTaskDefinition, logGroup: logs.LogGroup, props: HandWrittenServicesProps): void {
    const runner = new lambda.Function(this, 'MigrationRunner', {
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ PhysicalResourceId: "migration" });'),
      timeout: Duration.minutes(15),
      logGroup,
      retryAttempts: 0,
    });
    runner.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:RunTask'], resources: [definition.taskDefinitionArn] }));
    definition.grantRun(runner);
    const migration = new CustomResource(this, 'Migration', {
      serviceToken: runner.functionArn,
      resourceType: 'Custom::Migration',
      properties: {
        Cluster: props.base.cluster.clusterArn,
        TaskDefinition: definition.taskDefinitionArn,
        Subnets: props.base.vpc.privateSubnets.map((subnet) => subnet.subnetId),
        SecurityGroups: [props.serviceSecurityGroup.securityGroupId],
      },
    });
    migration.node.addDependency(props.data);
    this.services.forEach((fargateService) => fargateService.node.addDependency(migration));
  }

  private rolloutOnRotation(props: HandWrittenServicesProps): void {
    const rollouts = new sfn.Parallel(this, 'Rollouts', { resultPath: sfn.JsonPath.DISCARD });
    for (const fargateService of this.services) {
      rollouts.branch(new sfnTasks.CallAwsService(this, `Rollout${fargateService.node.id}`, {
        service: 'ecs',
        action: 'updateService',
        iamResources: [fargateService.serviceArn],
        parameters: { Cluster: props.base.cluster.clusterName, Service: fargateService.serviceName, ForceNewDeployment: true },
      }));
    }
    const stateMachine = new sfn.StateMachine(this, 'RolloutOnRotation', {
      definitionBody: sfn.DefinitionBody.fromChainable(rollouts),
      timeout: Duration.minutes(15),
      logs: {
        destination: new logs.LogGroup(this, 'RolloutLogs', {
          logGroupName: `/aws/vendedlogs/states/${props.stem}-rollout`,
          retention: logs.RetentionDays.ONE_MONTH,
        }),
        level: sfn.LogLevel.ALL,
      },
      tracingEnabled: true,
    });
    new events.Rule(this, 'OnRotation', {
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['Secret Label Updated'],
        resources: [props.data.database.secret!.secretArn],
      },
      targets: [new eventsTargets.SfnStateMachine(stateMachine)],
    });
  }
}
