import { MIGRATION_RUNNER_SOURCE } from '../../../src/tenant/services/migration-runner-source';

interface Command { readonly kind: string; readonly input: any }

interface FakeAws {
  /** Answers ECS commands; defaults to a task that stops with exit code 0 at the second poll. */
  ecs?: (command: Command) => any;
  stackStatus?: string;
  /** Milliseconds the function has left, per call of getRemainingTimeInMillis. */
  remainingTime?: () => number;
}

interface RunResult {
  readonly response: any;
  readonly responseUrl: string;
  readonly ecsCommands: Command[];
}

const PROPERTIES = {
  Family: 'mate-demo-dev-migrate',
  Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/mate-dev',
  TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/mate-demo-dev-migrate:7',
  ContainerName: 'migrate',
  Subnets: ['subnet-a', 'subnet-b'],
  SecurityGroups: ['sg-tenant'],
  LogGroup: '/ecs/mate-demo-dev/migrate',
  Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mate-dev:1.0.0',
  CpuArchitecture: 'ARM64',
};
const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/mate-dev/0123456789abcdef';

function commandClass(kind: string) {
  return class { public readonly kind = kind; constructor(public readonly input: any) {} };
}

function stoppedAfterOnePoll(exitCode: number) {
  let polls = 0;
  return (command: Command) => {
    if (command.kind === 'RunTask') {
      return { tasks: [{ taskArn: TASK_ARN }], failures: [] };
    }
    polls += 1;
    const lastStatus = polls < 2 ? 'RUNNING' : 'STOPPED';
    return { tasks: [{ lastStatus, stoppedReason: 'Essential container in task exited', containers: [{ name: 'migrate', exitCode: lastStatus === 'STOPPED' ? exitCode : undefined }] }] };
  };
}

/** Runs the inline handler on `event` against fake AWS clients, returning what it answered CloudFormation. */
async function runHandler(event: Record<string, unknown>, aws: FakeAws = {}): Promise<RunResult> {
  const ecsCommands: Command[] = [];
  let responseBody = '';
  let responseUrl = '';
  const answerEcs = aws.ecs ?? stoppedAfterOnePoll(0);
  const fakeModules: Record<string, unknown> = {
    '@aws-sdk/client-ecs': {
      ECSClient: class { async send(command: Command) { ecsCommands.push(command); return answerEcs(command); } },
      RunTaskCommand: commandClass('RunTask'),
      DescribeTasksCommand: commandClass('DescribeTasks'),
    },
    '@aws-sdk/client-cloudformation': {
      CloudFormationClient: class { async send() { return { Stacks: [{ StackStatus: aws.stackStatus ?? 'UPDATE_IN_PROGRESS' }] }; } },
      DescribeStacksCommand: commandClass('DescribeStacks'),
    },
    'https': {
      request(url: string, _options: unknown, onResponse: (response: unknown) => void) {
        responseUrl = url;
        return {
          on() { return this; },
          end(body: string) {
            responseBody = body;
            onResponse({ resume() {}, on(name: string, listener: () => void) { if (name === 'end') listener(); } });
          },
        };
      },
    },
  };
  const exported: { handler?: (event: unknown, context: unknown) => Promise<void> } = {};
  const immediately = (callback: () => void) => callback();
  const silent = { log() {} };
  new Function('require', 'exports', 'setTimeout', 'console', MIGRATION_RUNNER_SOURCE)(
    (name: string) => fakeModules[name], exported, immediately, silent,
  );
  await exported.handler!(
    { ResponseURL: 'https://cloudformation-custom-resource-response.example/abc', StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/MateTenant-demo-dev/1', RequestId: 'r-1', LogicalResourceId: 'Migration', ResourceProperties: PROPERTIES, ...event },
    { getRemainingTimeInMillis: aws.remainingTime ?? (() => 600_000) },
  );
  return { response: JSON.parse(responseBody), responseUrl, ecsCommands };
}

describe('migration runner', () => {
  test('the inline source fits CloudFormation\'s 4096-character limit for inline Lambda code', () => {
    expect(MIGRATION_RUNNER_SOURCE.length).toBeLessThanOrEqual(4096);
  });

  test('on Create it runs the migration task in the private subnets and answers SUCCESS when it exits with 0', async () => {
    const { response, responseUrl, ecsCommands } = await runHandler({ RequestType: 'Create' });
    expect(responseUrl).toBe('https://cloudformation-custom-resource-response.example/abc');
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'mate-demo-dev-migrate', RequestId: 'r-1', LogicalResourceId: 'Migration' });
    expect(response.Reason).toContain(TASK_ARN);
    expect(ecsCommands[0]).toEqual({
      kind: 'RunTask',
      input: {
        cluster: PROPERTIES.Cluster,
        taskDefinition: PROPERTIES.TaskDefinition,
        count: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-tenant'], assignPublicIp: 'DISABLED' } },
        propagateTags: 'TASK_DEFINITION',
        startedBy: 'cloudformation',
      },
    });
    expect(ecsCommands.slice(1).map((command) => command.kind)).toEqual(['DescribeTasks', 'DescribeTasks']);
  });

  test('on Update it keeps the physical id, so CloudFormation never deletes the migration resource', async () => {
    const { response } = await runHandler({ RequestType: 'Update', PhysicalResourceId: 'mate-demo-dev-migrate' });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'mate-demo-dev-migrate' });
  });

  test('a migration that exits with a non-zero code answers FAILED, naming the exit code and the log group', async () => {
    const { response } = await runHandler({ RequestType: 'Update', PhysicalResourceId: 'mate-demo-dev-migrate' }, { ecs: stoppedAfterOnePoll(1) });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('exit code 1');
    expect(response.Reason).toContain('/ecs/mate-demo-dev/migrate');
  });

  test('a migration task whose image cannot be pulled answers FAILED, naming the image, its tag and the architecture to push it for', async () => {
    const pullError = 'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/mate-dev:1.0.0: not found';
    const { response } = await runHandler({ RequestType: 'Create' }, {
      ecs: (command) => command.kind === 'RunTask'
        ? { tasks: [{ taskArn: TASK_ARN }], failures: [] }
        : { tasks: [{ lastStatus: 'STOPPED', stoppedReason: pullError, containers: [{ name: 'migrate' }] }] },
    });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('could not pull image 123456789012.dkr.ecr.us-east-1.amazonaws.com/mate-dev:1.0.0');
    expect(response.Reason).toContain('push that image and tag, built for ARM64');
    expect(response.Reason).toContain('before deploying the tenant');
    expect(response.Reason).toContain(pullError);
  });

  test('a migration task that cannot start answers FAILED with ECS\'s reasons', async () => {
    const { response } = await runHandler({ RequestType: 'Create' }, {
      ecs: () => ({ tasks: [], failures: [{ reason: 'Capacity is unavailable at this time' }] }),
    });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('could not start');
    expect(response.Reason).toContain('Capacity is unavailable');
  });

  test('a migration still running when the function\'s time is nearly up answers FAILED instead of timing out silently', async () => {
    let remaining = 120_000;
    const { response } = await runHandler({ RequestType: 'Create' }, {
      ecs: (command) => (command.kind === 'RunTask'
        ? { tasks: [{ taskArn: TASK_ARN }] }
        : { tasks: [{ lastStatus: 'RUNNING', containers: [{ name: 'migrate' }] }] }),
      remainingTime: () => (remaining -= 30_000),
    });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('still running');
  });

  test('an API error answers FAILED rather than leaving CloudFormation waiting', async () => {
    const { response } = await runHandler({ RequestType: 'Create' }, {
      ecs: () => { throw new Error('AccessDeniedException: not authorized to perform ecs:RunTask'); },
    });
    expect(response).toMatchObject({ Status: 'FAILED', Reason: 'AccessDeniedException: not authorized to perform ecs:RunTask' });
  });

  test('while the stack rolls back it answers SUCCESS without running the previous image\'s migrations', async () => {
    const { response, ecsCommands } = await runHandler(
      { RequestType: 'Update', PhysicalResourceId: 'mate-demo-dev-migrate' },
      { stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' },
    );
    expect(response.Status).toBe('SUCCESS');
    expect(ecsCommands).toEqual([]);
  });

  test('on Delete it answers SUCCESS without running anything', async () => {
    const { response, ecsCommands } = await runHandler({ RequestType: 'Delete', PhysicalResourceId: 'mate-demo-dev-migrate' });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'mate-demo-dev-migrate' });
    expect(ecsCommands).toEqual([]);
  });
});
