import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { EnvironmentNames } from '../naming';

/** The bootstrap roles the CDK CLI assumes to look up context, publish assets and deploy. */
export const BOOTSTRAP_ROLES = ['deploy', 'file-publishing', 'image-publishing', 'lookup'] as const;

/** What pushing an image to ECR takes, besides the registry-wide authorization token. */
const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:DescribeImages',
];

/** A statement of the deploy role and, where its resources need a wildcard, why. */
export interface DeployStatement {
  readonly statement: iam.PolicyStatement;
  /** Why the wildcard in the statement's resources is as narrow as AWS allows; a full sentence for a reviewer. */
  readonly whyWildcard?: string;
}

/**
 * The statements of a deploy role for one environment, with the resources each may touch. Everything a deployment
 * changes goes through the CDK bootstrap roles (CloudFormation's execution role does the work); the rest is what a
 * workflow does around `cdk deploy`: push the image, run the migration task, roll out and watch the services, read
 * the logs of what it started.
 */
export function deployStatements(scope: Construct, names: EnvironmentNames, qualifier: string): DeployStatement[] {
  const stack = Stack.of(scope);
  const { account, region, partition } = stack;
  const clusterArn = stack.formatArn({ service: 'ecs', resource: 'cluster', resourceName: names.cluster });
  const onCluster = { ArnEquals: { 'ecs:cluster': clusterArn } };

  return [
    {
      statement: new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: BOOTSTRAP_ROLES.map((kind) => `arn:${partition}:iam::${account}:role/cdk-${qualifier}-${kind}-role-${account}-${region}`),
      }),
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'LogInToEcr',
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      }),
      whyWildcard: 'The action ecr:GetAuthorizationToken returns a registry-wide login token and supports no resource other than *; what the login allows is limited by the statement that grants push to the environment\'s one repository.',
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'PushToEnvironmentRepository',
        actions: ECR_PUSH_ACTIONS,
        resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: names.repository })],
      }),
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'RunMigrationTasks',
        actions: ['ecs:RunTask'],
        resources: [stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${names.prefix}-*-${names.environment}-migrate:*` })],
        conditions: onCluster,
      }),
      whyWildcard: `The workflow runs the migration task of whichever tenants the environment has, and every deployment registers a new revision: the wildcards stand for the tenant id in the family name ${names.prefix}-<tenant>-${names.environment}-migrate and for the revision, and the ecs:cluster condition allows them on the environment's cluster ${names.cluster} only.`,
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'WatchTasks',
        actions: ['ecs:DescribeTasks'],
        resources: [stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${names.cluster}/*` })],
        conditions: onCluster,
      }),
      whyWildcard: `Task ids are random and only known once a task starts, so watching the migration task the workflow started (aws ecs wait tasks-stopped) needs the task id wildcard; it covers read-only DescribeTasks on the environment's cluster ${names.cluster} only.`,
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'RollOutServices',
        actions: ['ecs:UpdateService', 'ecs:DescribeServices'],
        resources: [stack.formatArn({ service: 'ecs', resource: 'service', resourceName: `${names.cluster}/*` })],
      }),
      whyWildcard: `The workflow rolls out and waits for the services of whichever tenants the environment has; the wildcard stands for the service name inside the environment's own cluster ${names.cluster}, which holds only the environment's tenant services.`,
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'PassTenantTaskRolesToEcs',
        actions: ['iam:PassRole'],
        resources: [`arn:${partition}:iam::${account}:role${names.taskRolePath}*`],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
      whyWildcard: `Running a tenant's migration task passes that tenant's task and execution roles, whose names CloudFormation generates; they are the only roles under the IAM path ${names.taskRolePath}, and the iam:PassedToService condition allows passing them to ECS tasks only.`,
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'ReadTenantServiceLogs',
        actions: ['logs:FilterLogEvents', 'logs:GetLogEvents'],
        resources: [stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `/ecs/${names.prefix}-*-${names.environment}/*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        })],
      }),
      whyWildcard: `The workflow prints the logs of the migration task it ran; the wildcards stand for the tenant id and container role in the log group names /ecs/${names.prefix}-<tenant>-${names.environment}/<role>, and the actions only read log events.`,
    },
  ];
}
