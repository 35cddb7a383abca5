import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * ECS tasks of the scope's account and Region, as the principal of a task role or task execution role.
 *
 * ECS puts the task's account and ARN in `aws:SourceAccount` and `aws:SourceArn` when a task assumes its roles, and
 * its developer guide recommends both conditions in their trust policies: without them any account's task could be
 * given this role by a confused deputy. Passing the role stays governed by `iam:PassRole` as before.
 */
export function ecsTasksPrincipal(scope: Construct): iam.IPrincipal {
  const stack = Stack.of(scope);
  return new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ecs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
    StringEquals: { 'aws:SourceAccount': stack.account },
  });
}
