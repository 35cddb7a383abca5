import { CLOUDFORMATION_RESPONSE_SOURCE } from '../../private/cloudformation-response-source';

/**
 * Source of the Lambda function behind the `Custom::MateMigration` resource (inline, so the library ships no asset).
 *
 * On Create and Update it runs the migration task, waits for it to stop and answers CloudFormation SUCCESS only if
 * the migration container exited with 0; anything else (no capacity, image pull failure, non-zero exit, still
 * running when the function's 15 minutes are nearly over) answers FAILED, which fails the deployment before any
 * service rolls out. When the image cannot be pulled (most often: the tag is not pushed yet, or was built for another
 * CPU architecture), the reason names the image and tag and the architecture to build it for. It never runs on Delete, nor while the stack rolls back: migrations only move forward, and the
 * previous image must not re-run its own migrations against the newer schema.
 */
export const MIGRATION_RUNNER_SOURCE = `
const { ECSClient, RunTaskCommand, DescribeTasksCommand } = require('@aws-sdk/client-ecs');
const { CloudFormationClient, DescribeStacksCommand } = require('@aws-sdk/client-cloudformation');
const ecs = new ECSClient({});
const cfn = new CloudFormationClient({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

exports.handler = async (event, context) => {
  const p = event.ResourceProperties;
  let status = 'SUCCESS';
  let reason;
  try {
    if (event.RequestType === 'Delete') {
      reason = 'Nothing to undo: migrations only move forward';
    } else if (await rollingBack(event.StackId)) {
      reason = 'Stack is rolling back: migrations are not run backwards';
    } else {
      reason = await migrate(p, context);
    }
  } catch (error) {
    status = 'FAILED';
    reason = String(error && error.message ? error.message : error);
  }
  console.log(status, reason);
  await respond(event, status, reason.slice(0, 2000), event.PhysicalResourceId || p.Family);
};

async function rollingBack(stackId) {
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
  return out.Stacks[0].StackStatus.includes('ROLLBACK');
}

async function migrate(p, context) {
  const run = await ecs.send(new RunTaskCommand({
    cluster: p.Cluster,
    taskDefinition: p.TaskDefinition,
    count: 1,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: p.Subnets, securityGroups: p.SecurityGroups, assignPublicIp: 'DISABLED' } },
    propagateTags: 'TASK_DEFINITION',
    startedBy: 'cloudformation',
  }));
  if (!run.tasks || run.tasks.length === 0) {
    throw new Error('Migration task could not start: ' + JSON.stringify(run.failures));
  }
  const taskArn = run.tasks[0].taskArn;
  console.log('Started migration task', taskArn);
  while (context.getRemainingTimeInMillis() > 60000) {
    await sleep(15000);
    const out = await ecs.send(new DescribeTasksCommand({ cluster: p.Cluster, tasks: [taskArn] }));
    const task = out.tasks[0];
    if (task.lastStatus !== 'STOPPED') continue;
    const container = task.containers.find((c) => c.name === p.ContainerName) || {};
    if (container.exitCode === 0) return 'Migrations applied by ' + taskArn;
    const why = container.reason || task.stoppedReason;
    if (/CannotPullContainerError/.test(why)) {
      throw new Error('The migration task could not pull image ' + p.Image + ': push that image and tag, built for ' + p.CpuArchitecture + ', to its repository before deploying the tenant, then deploy again (' + why + ')');
    }
    throw new Error('Migration task ' + taskArn + ' failed (exit code ' + container.exitCode + ', ' + why + '); its output is in log group ' + p.LogGroup);
  }
  throw new Error('Migration task ' + taskArn + ' is still running after 14 minutes, so the rollout was stopped; let it finish, then deploy again (or set migrateOnDeploy to false and run long migrations yourself)');
}
${CLOUDFORMATION_RESPONSE_SOURCE}`;
