import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcardResource, renderForNag } from './nag-ids';
import { PLACEMENT_CLAIMS_DIRECTORY } from '../base/tenant-placement-source';

/**
 * A wildcard resource the library writes on purpose: which statements may carry it and why.
 *
 * A statement matches when every one of its actions is among `actions` and every wildcard resource matches `resource`
 * (as cdk-nag renders it: `<AWS::Partition>`, `<LogicalId.Arn>`).
 */
export interface IntendedWildcard {
  readonly actions: readonly string[];
  readonly resource: RegExp;
  readonly reason: string;
}

/** A partition, Region or account: a reference such as `<AWS::Region>`, or a literal value. */
const SEGMENT = '(?:<[A-Za-z0-9:]+>|[a-z0-9-]+)';

/**
 * The start of an ARN of `service` in the stack's partition, Region and account: `<AWS::Region>` in an
 * environment-agnostic stack, `us-east-1` in one with an explicit env.
 */
const ARN_PREFIX = (service: string) => `^arn:${SEGMENT}:${service}:${SEGMENT}:${SEGMENT}:`;

/**
 * Every wildcard resource in a policy of the library's roles (the tenants' and the placement function's), with the
 * reason a reviewer needs (the log-delivery and X-Ray entries are what a Step Functions state machine with logging and
 * tracing needs). Statements with other wildcards stay unacknowledged, so cdk-nag (AwsSolutions-IAM5) fails until
 * someone reviews them and adds them here.
 */
export const INTENDED_WILDCARDS: readonly IntendedWildcard[] = [
  {
    actions: ['ecr:GetAuthorizationToken'],
    resource: /^\*$/,
    reason: 'ECR issues the registry login token per account and Region, not per repository, so GetAuthorizationToken supports no resource-level permissions and needs Resource \'*\'; the image layers themselves are pulled with actions scoped to the one repository.',
  },
  {
    actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
    resource: /^\*$/,
    reason: 'ECS Exec opens its Session Manager channels with these ssmmessages actions, which support no resource-level permissions, so AWS requires Resource \'*\'; only the Django task role gets them, and every session is logged to the environment\'s encrypted ECS Exec log group.',
  },
  {
    actions: ['logs:DescribeLogGroups'],
    resource: /^\*$/,
    reason: 'DescribeLogGroups lists the account\'s log groups (filtered by name prefix) instead of acting on one, so it is authorized on all log groups; the ECS Exec agent calls it to find the session log group, and it returns names and settings, never log events.',
  },
  {
    actions: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
      'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
    resource: /^\*$/,
    reason: 'CloudWatch Logs\' log-delivery actions (and the resource-policy and log-group lookups that go with them) support no resource-level permissions; Step Functions needs them to deliver a state machine\'s execution logs to its log group.',
  },
  {
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    resource: /^\*$/,
    reason: 'X-Ray\'s trace and sampling actions support no resource-level permissions; a traced state machine sends its traces with them.',
  },
  {
    actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
    resource: new RegExp(`${ARN_PREFIX('logs')}log-group:<[A-Za-z0-9.]+>:\\*$`),
    reason: 'The ECS Exec agent writes each session to a log stream it names itself; the \':*\' after the environment\'s ECS Exec log group covers exactly the streams of that one group.',
  },
  {
    actions: ['ecs:RunTask'],
    resource: new RegExp(`${ARN_PREFIX('ecs')}task-definition/[a-z0-9-]+-migrate:\\*$`),
    reason: 'Any revision of this tenant\'s own migration task family, and only on the environment\'s cluster (ecs:cluster condition): each deployment registers the revision it then runs, and naming that exact revision would make the run depend on an IAM change that has not propagated yet.',
  },
  {
    actions: ['ecs:DescribeTasks', 'ecs:TagResource'],
    resource: new RegExp(`${ARN_PREFIX('ecs')}task/[a-z0-9-]+/\\*$`),
    reason: 'ECS assigns the task id when RunTask starts the migration task, so the runner can only name the tasks of the environment\'s cluster; DescribeTasks is further limited to that cluster (ecs:cluster condition) and TagResource to the tags RunTask itself sets (ecs:CreateAction).',
  },
  {
    actions: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancers'],
    resource: /^\*$/,
    reason: 'Elastic Load Balancing\'s describe actions support no resource-level permissions, so AWS requires Resource \'*\'; the environment\'s tenant placement function reads with them which rules its listeners hold, and they change nothing.',
  },
  {
    actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:GetParametersByPath'],
    resource: new RegExp(`${ARN_PREFIX('ssm')}parameter/[a-z0-9-]+/[a-z0-9-]+/${PLACEMENT_CLAIMS_DIRECTORY}/\\*$`),
    reason: 'The tenant placement function keeps one record per tenant and per claimed listener slot, named at deployment after the tenant; the \'/*\' covers only the records below the environment\'s own tenant-placement path, where each claim is an atomic create.',
  },
];

/** The entry of `INTENDED_WILDCARDS` that covers a statement with these actions and (rendered) wildcard resources. */
export function intendedWildcardFor(actions: readonly string[], wildcardResources: readonly string[]): IntendedWildcard | undefined {
  return INTENDED_WILDCARDS.find((entry) => actions.length > 0
    && actions.every((action) => entry.actions.includes(action))
    && wildcardResources.every((resource) => entry.resource.test(resource)));
}

/**
 * Acknowledges on `scope` the AwsSolutions-IAM5 findings of `statement` if it is an intended wildcard statement; any
 * other wildcard is left for cdk-nag to report.
 */
export function acknowledgeIfIntendedWildcard(scope: IConstruct, statement: iam.PolicyStatement): void {
  // Rendering resources resolves tokens, the costly part at hundreds of tenants: first rule out statements whose
  // actions no entry lists, which are most of them.
  const candidates = statement.actions.length > 0
    && INTENDED_WILDCARDS.some((entry) => statement.actions.every((action) => entry.actions.includes(action)));
  if (statement.effect !== 'Allow' || !candidates) {
    return;
  }
  const wildcards = statement.resources.map((resource) => renderForNag(scope, resource)).filter((resource) => resource.includes('*'));
  const intended = intendedWildcardFor(statement.actions, wildcards);
  if (wildcards.length === 0 || intended === undefined) {
    return;
  }
  for (const resource of wildcards) {
    acknowledgeWildcardResource(scope, resource, intended.reason);
  }
}
