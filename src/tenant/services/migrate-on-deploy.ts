import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MIGRATION_RUNNER_SOURCE } from './migration-runner-source';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';
import { acknowledgeFindings, COMPLIANCE_PACKS, ruleIds } from '../../security/acknowledge-findings';
import { ManagedPolicyRole } from '../../security/managed-policy-role';

/** What the migration runner needs to start the migration task. */
export interface MigrateOnDeployProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly containerName: string;
  /** The image the migration task runs (repository and tag), named in the error when it cannot be pulled. */
  readonly imageName: string;
  /** The CPU architecture the tasks run on, named in the error when the image cannot be pulled. */
  readonly cpuArchitecture: ecs.CpuArchitecture;
  /** The migration task's log group; the runner logs its decisions there too. */
  readonly logGroup: logs.ILogGroup;
  readonly subnetIds: string[];
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
}

/**
 * Runs the migration task during the deployment and fails the deployment if it fails.
 *
 * `Custom::MateMigration` changes, and so runs again, whenever the migration task definition gets a new revision
 * (new image, command or environment). The tenant's services depend on it, so CloudFormation only rolls them out once
 * migrations succeeded; a failure rolls the stack, and with it the services' task definitions, back.
 */
export class MigrateOnDeploy extends Construct {
  public readonly resource: CustomResource;
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: MigrateOnDeployProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cluster = props.base.cluster;

    const role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the migration task of tenant ${props.names.tenantId} during deployments`,
      policyDescription: `What the migration runner of tenant ${props.names.tenantId} (${props.names.stem}) may do`,
    });
    const taskArns = stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` });
    const onCluster = { ArnEquals: { 'ecs:cluster': cluster.clusterArn } };
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['ecs:RunTask'],
      // Any revision of the migration family, so that a new revision never waits for a policy update.
      resources: [stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${props.names.migrateFamily}:*` })],
      conditions: onCluster,
    }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTasks'], resources: [taskArns], conditions: onCluster }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['ecs:TagResource'],
      resources: [taskArns],
      conditions: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    }));
    const passedRoles = [props.taskDefinition.taskRole, props.taskDefinition.executionRole]
      .filter((passed): passed is iam.IRole => passed !== undefined)
      .map((passed) => passed.roleArn);
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: passedRoles,
      conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStacks'],
      resources: [stack.stackId],
    }));
    props.logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Function', {
      description: `Runs the database migrations of tenant ${props.names.tenantId} before its services roll out`,
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline(MIGRATION_RUNNER_SOURCE),
      timeout: Duration.minutes(15),
      role,
      logGroup: props.logGroup,
      // CloudFormation invokes custom resources asynchronously; a retry would run the migrations a second time.
      retryAttempts: 0,
    });
    acknowledgeRunnerFindings(this.function);

    this.resource = new CustomResource(this, 'Migration', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::MateMigration',
      // The function answers within its 15 minutes; this bounds the wait if it never can.
      serviceTimeout: Duration.minutes(20),
      properties: {
        Family: props.names.migrateFamily,
        Cluster: cluster.clusterArn,
        TaskDefinition: props.taskDefinition.taskDefinitionArn,
        ContainerName: props.containerName,
        Subnets: props.subnetIds,
        SecurityGroups: [props.serviceSecurityGroup.securityGroupId],
        LogGroup: props.logGroup.logGroupName,
        Image: props.imageName,
        CpuArchitecture: props.cpuArchitecture._cpuArchitecture,
      },
    });
    // The task must be able to pull its image and secrets the moment it starts.
    for (const passed of [props.taskDefinition.taskRole, props.taskDefinition.executionRole]) {
      if (passed) {
        this.resource.node.addDependency(passed);
      }
    }
  }
}

/** Why the security packs' Lambda findings do not apply to the migration runner, by finding. */
const RUNNER_FINDINGS: Array<{ readonly ids: string[]; readonly reason: string }> = [
  {
    ids: ruleIds(COMPLIANCE_PACKS, 'LambdaInsideVPC'),
    reason: 'The migration runner only calls the ECS and CloudFormation APIs and the CloudFormation response URL; it reaches nothing inside the VPC, so a VPC attachment would add network interfaces and ec2:*NetworkInterface permissions on every resource without reducing exposure. The migration task itself runs in the private subnets.',
  },
  {
    ids: ruleIds(['hipaa', 'nist'], 'LambdaDLQ'),
    reason: 'CloudFormation is the only invoker and retries are off so that migrations never run twice; a failed invocation fails the deployment visibly within the resource timeout, and a dead-letter queue would only hold a CloudFormation request that can no longer be answered.',
  },
  {
    ids: ruleIds(COMPLIANCE_PACKS, 'LambdaConcurrency'),
    reason: 'CloudFormation invokes the function once per deployment of the tenant; reserving concurrency for every tenant of every environment would take that capacity from the account for a function that is idle almost always.',
  },
];

function acknowledgeRunnerFindings(fn: lambda.Function): void {
  for (const { ids, reason } of RUNNER_FINDINGS) {
    acknowledgeFindings(fn, ids, reason);
  }
}
