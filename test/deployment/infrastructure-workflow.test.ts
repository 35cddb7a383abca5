import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { createDemoApp } from '../../examples/demo/app';
import { TenantTier } from '../../src/tiers';
import { synthesizeTenant } from '../lifecycle/tenant-outputs';

/** Names and outputs are what these tests read; the security packs' verdict is test/examples' concern. */

const WORKFLOW_FILE = path.join(__dirname, '../../examples/.github/workflows/infrastructure.yml');
const text = fs.readFileSync(WORKFLOW_FILE, 'utf-8');
const workflow = parse(text);

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: { [key: string]: unknown };
  readonly env?: { [key: string]: string };
  readonly if?: string;
}

function steps(job: string): Step[] {
  return workflow.jobs[job].steps;
}

function step(job: string, name: string): Step {
  const found = steps(job).find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(`job ${job} has no step '${name}'`);
  }
  return found;
}

/** Every `run` script of the workflow, with GitHub's `${{ ... }}` expressions replaced by a plain word. */
function runScripts(): Array<[string, string]> {
  return Object.entries(workflow.jobs as Record<string, { steps: Step[] }>).flatMap(([job, definition]) => definition.steps
    .filter((candidate) => candidate.run !== undefined)
    .map((candidate): [string, string] => [`${job}: ${candidate.name ?? candidate.run}`, candidate.run!.replace(/\$\{\{[^}]*\}\}/g, 'expression')]));
}

describe('examples/.github/workflows/infrastructure.yml', () => {
  test('is valid YAML with a diff job for pull requests and a deploy job for pushes to main', () => {
    expect(workflow.on.pull_request).toEqual({ branches: ['main'] });
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    expect(workflow.jobs.diff.if).toBe('github.event_name == \'pull_request\'');
    expect(workflow.jobs.deploy.if).toBe('github.event_name != \'pull_request\'');
  });

  test('only the deploy job may request an OIDC token; the workflow defaults to reading the repository', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.deploy.permissions).toEqual({ 'id-token': 'write', 'contents': 'read' });
    expect(workflow.jobs.diff.permissions).toEqual({ 'contents': 'read', 'pull-requests': 'write' });
  });

  test('references no long-lived AWS keys', () => {
    for (const forbidden of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'aws-access-key-id', 'aws-secret-access-key', 'AWS_SESSION_TOKEN']) {
      expect(text).not.toContain(forbidden);
    }
    expect(text).not.toMatch(/secrets\./);
  });

  test('the pull request job synthesizes and diffs without AWS credentials, and posts the diff', () => {
    const uses = steps('diff').map((candidate) => candidate.uses).filter(Boolean);
    expect(uses).not.toContainEqual(expect.stringContaining('configure-aws-credentials'));
    expect(uses).toContain('actions/setup-node@v4');
    expect(uses).toContain('actions/github-script@v7');
    expect(step('diff', 'Synthesize the pull request').run).toContain('npx cdk synth');
    expect(step('diff', 'Diff every stack').run).toContain('npx cdk diff --app "$HEAD_OUT" --exclusively "$stack" --template "$before"');
    expect(String(step('diff', 'Post the diff on the pull request').with?.script)).toContain('github.rest.issues.createComment');
  });

  describe('the preview step, with the package\'s real mate-infra command', () => {
    const standard = synthesizeTenant();
    const renamedDatabase = synthesizeTenant({ databaseName: 'platform' });
    const enterprise = synthesizeTenant({ tier: TenantTier.ENTERPRISE });

    /** Runs the step's script with `npx mate-infra` standing for src/cli/mate-infra.ts; returns its outputs. */
    function runPreview(before: string, after: string) {
      const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-workflow-preview-'));
      const bin = path.join(workDir, 'bin');
      fs.mkdirSync(bin);
      const cli = path.join(__dirname, '..', '..', 'src', 'cli', 'mate-infra.ts');
      fs.writeFileSync(path.join(bin, 'npx'), `#!/usr/bin/env bash\n[ "$1" = mate-infra ] || exit 99\nshift\nexec node -r ts-node/register/transpile-only ${cli} "$@"\n`, { mode: 0o755 });
      const files = { GITHUB_OUTPUT: 'output.txt', GITHUB_STEP_SUMMARY: 'summary.md', DIFF_FILE: 'diff.md' };
      const result = spawnSync('bash', ['-e', '-c', step('diff', 'Preview what the change replaces or destroys').run!], {
        encoding: 'utf-8',
        cwd: path.join(__dirname, '..', '..'),
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          RUNNER_TEMP: workDir,
          BASE_OUT: before,
          HEAD_OUT: after,
          ...Object.fromEntries(Object.entries(files).map(([name, file]) => [name, path.join(workDir, file)])),
        },
      });
      const read = (file: string) => fs.readFileSync(path.join(workDir, file), 'utf-8');
      return { status: result.status, output: read(files.GITHUB_OUTPUT), diff: read(files.DIFF_FILE), summary: read(files.GITHUB_STEP_SUMMARY) };
    }

    test('passes a tier change, adding the preview to the comment and the summary', () => {
      const { status, output, diff, summary } = runPreview(standard.outdir, enterprise.outdir);
      expect(status).toBe(0);
      expect(output).toBe('exit-code=0\n');
      expect(diff).toContain('No data would be lost.');
      expect(summary).toContain('### What deploying this pull request does to each stack');
    });

    test('records exit code 1 when the database would be replaced, so that the last step fails the job', () => {
      const { status, output, diff } = runPreview(standard.outdir, renamedDatabase.outdir);
      expect(status).toBe(0);
      expect(output).toBe('exit-code=1\n');
      expect(diff).toMatch(/Data would be lost \(1\):/);
      expect(step('diff', 'Fail when data would be lost').if).toBe("steps.preview.outputs.exit-code != '0'");
      expect(step('diff', 'Post the diff on the pull request').if).toBe('always()');
    });
  });

  test('both jobs use Node 22', () => {
    expect(workflow.env.NODE_VERSION).toBe('22');
    for (const job of ['diff', 'deploy']) {
      const setupNode = steps(job).find((candidate) => candidate.uses === 'actions/setup-node@v4');
      expect(setupNode?.with?.['node-version']).toBe('${{ env.NODE_VERSION }}');
    }
  });

  test('the deploy job assumes the deploy role with OIDC for no longer than the role allows, then deploys every stack', () => {
    const credentials = step('deploy', 'Assume the deploy role');
    expect(credentials.uses).toBe('aws-actions/configure-aws-credentials@v4');
    expect(credentials.with).toEqual(expect.objectContaining({
      'role-to-assume': '${{ vars.MATE_DEPLOY_ROLE_ARN }}',
      'aws-region': '${{ vars.AWS_REGION }}',
      'role-duration-seconds': 7200,
    }));
    const names = steps('deploy').map((candidate) => candidate.name);
    expect(names.indexOf('Assume the deploy role')).toBeLessThan(names.indexOf('Deploy the base, then every tenant'));
    expect(step('deploy', 'Deploy the base, then every tenant').run)
      .toContain('npx cdk deploy --all --require-approval never --no-color --outputs-file "$OUTPUTS_FILE"');
    expect(names.slice(-2)).toEqual(['Run the migration task of every tenant', 'Roll out and watch every tenant service']);
  });

  test('migrations run in the workflow only when the tenants do not run them on deploy', () => {
    expect(workflow.env.RUN_MIGRATIONS_AFTER_DEPLOY).toBe('false');
    expect(step('deploy', 'Run the migration task of every tenant').if).toBe('env.RUN_MIGRATIONS_AFTER_DEPLOY == \'true\'');
  });

  test.each(runScripts())('the script of %s is valid bash', (_name, script) => {
    const result = spawnSync('bash', ['-n'], { input: script, encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  describe('against the demo app\'s stack outputs, with a stand-in aws CLI', () => {
    const outputs = deployOutputsOfDemo();
    let workDir: string;
    let callsFile: string;

    beforeEach(() => {
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-workflow-'));
      callsFile = path.join(workDir, 'aws-calls.txt');
      const bin = path.join(workDir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'aws'), FAKE_AWS, { mode: 0o755 });
      fs.writeFileSync(path.join(workDir, 'cdk-outputs.json'), JSON.stringify(outputs));
    });

    function runStep(name: string, env: Record<string, string> = {}) {
      const result = spawnSync('bash', ['-e', '-c', step('deploy', name).run!], {
        encoding: 'utf-8',
        env: {
          PATH: `${path.join(workDir, 'bin')}:${process.env.PATH}`,
          RUNNER_TEMP: workDir,
          OUTPUTS_FILE: path.join(workDir, 'cdk-outputs.json'),
          AWS_CALLS: callsFile,
          ...env,
        },
      });
      const calls = fs.existsSync(callsFile) ? fs.readFileSync(callsFile, 'utf-8').trim().split('\n') : [];
      return { status: result.status, stdout: result.stdout, calls };
    }

    test('runs the migration command from the stack output, waits for the task, prints its logs and succeeds on exit code 0', () => {
      const { status, calls } = runStep('Run the migration task of every tenant');
      expect(status).toBe(0);
      expect(calls).toEqual([
        args('ecs', 'run-task', '--cluster', 'mate-dev', '--task-definition', 'mate-demo-dev-migrate', '--launch-type', 'FARGATE',
          '--network-configuration', 'awsvpcConfiguration={subnets=[subnet-private-a,subnet-private-b],securityGroups=[sg-tenant],assignPublicIp=DISABLED}',
          '--query', 'tasks[0].taskArn', '--output', 'text'),
        args('ecs', 'wait', 'tasks-stopped', '--cluster', 'mate-dev', '--tasks', TASK_ARN),
        args('ecs', 'describe-tasks', '--cluster', 'mate-dev', '--tasks', TASK_ARN, '--query', 'tasks[0].containers[?name==\'migrate\'].exitCode | [0]', '--output', 'text'),
        args('logs', 'tail', '/ecs/mate-demo-dev/migrate', '--log-stream-name-prefix', 'migrate/migrate/0123abcd', '--since', '2h'),
      ]);
    });

    test('fails the deployment when the migration exits with a non-zero code', () => {
      const { status, stdout } = runStep('Run the migration task of every tenant', { FAKE_EXIT_CODE: '1' });
      expect(status).not.toBe(0);
      expect(stdout).toContain(`::error::Migration task ${TASK_ARN} exited with '1'`);
    });

    test('waits for every tenant service to be stable without restarting it', () => {
      const { status, calls } = runStep('Roll out and watch every tenant service', { FORCE_NEW_DEPLOYMENT: 'false' });
      expect(status).toBe(0);
      expect(calls).toEqual(['django', 'celery', 'beat'].map((role) => args('ecs', 'wait', 'services-stable', '--cluster', 'mate-dev', '--services', `mate-demo-dev-${role}`)));
    });

    test('restarts every tenant service first when asked to force a new deployment', () => {
      const { status, calls } = runStep('Roll out and watch every tenant service', { FORCE_NEW_DEPLOYMENT: 'true' });
      expect(status).toBe(0);
      expect(calls.slice(0, 3)).toEqual(['django', 'celery', 'beat']
        .map((role) => args('ecs', 'update-service', '--cluster', 'mate-dev', '--service', `mate-demo-dev-${role}`, '--force-new-deployment', '--query', 'service.serviceName', '--output', 'text')));
      expect(calls.slice(3)).toHaveLength(3);
    });
  });
});

const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/mate-dev/0123abcd';

/** One recorded call of the stand-in CLI. */
function args(...values: string[]): string {
  return values.map((value) => `[${value}]`).join('');
}

/**
 * A stand-in for the AWS CLI: records each call (every argument in brackets, so that quoting shows) and answers like the real one would for
 * a migration task that stops with `FAKE_EXIT_CODE` (0 unless set).
 */
const FAKE_AWS = `#!/usr/bin/env bash
{ printf '[%s]' "$@"; echo; } >> "$AWS_CALLS"
case "$1 $2" in
  "ecs run-task") echo "${TASK_ARN}" ;;
  "ecs describe-tasks") echo "\${FAKE_EXIT_CODE:-0}" ;;
  "ecs update-service") echo "$6" ;;
  "logs tail") echo "Operations to perform: Apply all migrations" ;;
esac
`;

/**
 * What `cdk deploy --outputs-file` would write for the demo app: its synthesized outputs, with the references
 * CloudFormation resolves at deployment replaced by plausible values.
 */
function deployOutputsOfDemo(): Record<string, Record<string, string>> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-workflow-demo-'));
  const assembly = createDemoApp({ outdir }).synth();
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') {
      return value;
    }
    const node = value as Record<string, any>;
    if (node['Fn::Join']) {
      return (node['Fn::Join'][1] as unknown[]).map(resolve).join(node['Fn::Join'][0]);
    }
    if (node['Fn::Select'] && JSON.stringify(node).includes('privatesubnetids')) {
      return node['Fn::Select'][0] === 0 ? 'subnet-private-a' : 'subnet-private-b';
    }
    if (node['Fn::GetAtt']?.[0]?.startsWith('TenantServiceSecurityGroup')) {
      return 'sg-tenant';
    }
    if (node.Ref === 'AWS::Region') {
      return 'us-east-1';
    }
    return 'resolved-at-deployment';
  };
  return Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName, Object.fromEntries(
    Object.entries(stack.template.Outputs ?? {}).map(([key, output]: [string, any]) => [key, resolve(output.Value)]))]));
}
