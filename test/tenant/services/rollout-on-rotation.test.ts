import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MateBaseInfra } from '../../../src/base';
import { MateTenant } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { addTenant, CERTIFICATE_ARN, createEnvironment, createPinnedTenant, defaultTenantAt, ENV, IMAGE, onlyResource, serviceNamed, PRESET_TIERS } from '../../fixtures';

const SERVICE_NAMES = ['mate-demo-dev-django', 'mate-demo-dev-celery', 'mate-demo-dev-beat'];
const SERVICE_ARNS = SERVICE_NAMES.map((name) => `arn:aws:ecs:us-east-1:123456789012:service/mate-dev/${name}`);
const LOG_GROUP_NAME = '/aws/vendedlogs/states/mate-demo-dev-rollout-on-rotation';
const MISSING_SERVICE_ERRORS = ['Ecs.ServiceNotFoundException', 'Ecs.ServiceNotActiveException'];

/** `value` with every `{ Ref: AWS::Partition }` inside an `Fn::Join` replaced by `aws`, as plain text. */
function withPartition(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(withPartition).join(separator);
  }
  if (value.Ref === 'AWS::Partition') {
    return 'aws';
  }
  throw new Error(`unexpected token in ${JSON.stringify(value)}`);
}

function stateMachineOf(template: Template): [string, any] {
  return onlyResource(template, 'AWS::StepFunctions::StateMachine');
}

/** The state machine's definition, parsed. */
function definitionOf(template: Template): any {
  return JSON.parse(withPartition(stateMachineOf(template)[1].Properties.DefinitionString));
}

/** Every Task state of the definition, including those inside Parallel branches. */
function taskStates(states: Record<string, any>): any[] {
  return Object.values(states).flatMap((state) => [
    ...(state.Type === 'Task' ? [state] : []),
    ...(state.Branches ?? []).flatMap((branch: any) => taskStates(branch.States)),
  ]);
}

/** The statements of the policy attached to the role with `roleId`. */
function statementsOfRole(template: Template, roleId: string): any[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy: any) => policy.Properties.Roles.some((role: any) => role.Ref === roleId));
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

function actionsOf(statement: any): string[] {
  return [statement.Action].flat();
}

describe('rollout on database password rotation', () => {
  test.each(PRESET_TIERS)('%s: the rule matches only the native Secret Label Updated event of AWSCURRENT on this tenant\'s database secret', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const [, rule] = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.EventPattern).toEqual({
      'source': ['aws.secretsmanager'],
      'detail-type': ['Secret Label Updated'],
      'resources': [stack.resolve(tenant.databaseSecret.secretArn)],
      'detail': { labelUpdated: ['AWSCURRENT'] },
    });
  });

  test('each tenant\'s rule names its own database secret and no other', () => {
    const environment = createEnvironment();
    const demo = addTenant(environment, 'demo');
    const acme = addTenant(environment, 'acme');
    for (const [own, other] of [[demo, acme], [acme, demo]]) {
      const [, rule] = onlyResource(own.template, 'AWS::Events::Rule');
      expect(rule.Properties.EventPattern.resources).toEqual([own.stack.resolve(own.tenant.databaseSecret.secretArn)]);
      expect(JSON.stringify(rule)).not.toContain(other.tenant.tenantId);
    }
  });

  test.each(PRESET_TIERS)('%s: the rule\'s only target is the state machine, started by a role that may only start it', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [stateMachineId] = stateMachineOf(template);
    const [, rule] = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.Properties.Targets).toHaveLength(1);
    const [target] = rule.Properties.Targets;
    expect(target.Arn).toEqual({ Ref: stateMachineId });
    const roleId = target.RoleArn['Fn::GetAtt'][0];
    const [, role] = onlyResource(template, 'AWS::IAM::Role', { Description: 'Lets EventBridge start the rollout of tenant demo after its database password changed' });
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } },
    ]);
    expect(template.findResources('AWS::IAM::Role')[roleId]).toBe(role);
    expect(statementsOfRole(template, roleId)).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: stateMachineId } },
    ]);
  });

  test.each(PRESET_TIERS)('%s: the state machine forces a new deployment of exactly the tenant\'s three services', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const definition = definitionOf(template);
    const tasks = taskStates(definition.States);
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(task.Resource).toBe('arn:aws:states:::aws-sdk:ecs:updateService');
      expect(Object.keys(task.Parameters).sort()).toEqual(['Cluster', 'ForceNewDeployment', 'Service']);
      expect(task.Parameters.Cluster).toBe('mate-dev');
      expect(task.Parameters.ForceNewDeployment).toBe(true);
    }
    expect(tasks.map((task) => task.Parameters.Service).sort()).toEqual([...SERVICE_NAMES].sort());
    // The names are those of the services the tenant deploys, in the cluster they run in.
    for (const serviceName of SERVICE_NAMES) {
      expect(serviceNamed(template, serviceName)[1].Properties.Cluster).toBe('mate-dev');
    }
    // All three in parallel, so one slow service never delays the others.
    expect(definition.States[definition.StartAt].Type).toBe('Parallel');
    expect(definition.States[definition.StartAt].Branches).toHaveLength(3);
  });

  test.each(PRESET_TIERS)('%s: a missing service is skipped without retries; other errors are retried with backoff', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    for (const task of taskStates(definitionOf(template).States)) {
      expect(task.Retry[0]).toEqual({ ErrorEquals: MISSING_SERVICE_ERRORS, MaxAttempts: 0 });
      expect(task.Retry[1]).toEqual(expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 5, BackoffRate: 2 }));
      expect(task.Catch).toEqual([expect.objectContaining({ ErrorEquals: MISSING_SERVICE_ERRORS })]);
    }
  });

  test.each(PRESET_TIERS)('%s: the state machine role may update only the three services, and names every action', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [, stateMachine] = stateMachineOf(template);
    const statements = statementsOfRole(template, stateMachine.Properties.RoleArn['Fn::GetAtt'][0]);

    const updates = statements.filter((statement) => actionsOf(statement).includes('ecs:UpdateService'));
    expect(updates.every((statement) => actionsOf(statement).length === 1)).toBe(true);
    expect(updates.map((statement) => withPartition(statement.Resource)).sort()).toEqual([...SERVICE_ARNS].sort());

    for (const statement of statements) {
      expect(actionsOf(statement).filter((action) => action.includes('*'))).toEqual([]);
      expect(statement.Condition).toBeUndefined();
    }
    // Wildcard resources only where AWS has no resource-level permissions: log delivery and X-Ray.
    const anyResource = statements.filter((statement) => statement.Resource === '*').flatMap(actionsOf);
    expect(anyResource.every((action) => action.startsWith('logs:') || action.startsWith('xray:'))).toBe(true);
    expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('ecs:'))).toEqual(['ecs:UpdateService', 'ecs:UpdateService', 'ecs:UpdateService']);
  });

  test.each(PRESET_TIERS)('%s: the state machine logs everything to its own encrypted group, with the tier\'s retention, and is traced', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const [, stateMachine] = stateMachineOf(template);
    const [logGroupId, logGroup] = onlyResource(template, 'AWS::Logs::LogGroup', { LogGroupName: LOG_GROUP_NAME });
    expect(stateMachine.Properties.StateMachineName).toBe('mate-demo-dev-rollout-on-rotation');
    expect(stateMachine.Properties.StateMachineType).toBe('STANDARD');
    expect(stateMachine.Properties.LoggingConfiguration).toEqual({
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } } }],
      IncludeExecutionData: true,
      Level: 'ALL',
    });
    expect(stateMachine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(logGroup.Properties.KmsKeyId).toEqual(stack.resolve(tenant.key.keyArn));
    expect(logGroup.Properties.RetentionInDays).toBe(tier.config.logRetention);
  });

  test('the tenant\'s key lets CloudWatch Logs encrypt exactly the rollout\'s log group', () => {
    const { template } = defaultTenantAt(TenantTier.TRIAL);
    const [, key] = onlyResource(template, 'AWS::KMS::Key');
    const statement = key.Properties.KeyPolicy.Statement.find((candidate: any) => candidate.Sid === 'AllowRolloutOnRotationLogGroup');
    expect(statement.Principal.Service).toEqual({ 'Fn::Join': ['', ['logs.us-east-1.', { Ref: 'AWS::URLSuffix' }]] });
    expect(withPartition(statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']))
      .toBe(`arn:aws:logs:us-east-1:123456789012:log-group:${LOG_GROUP_NAME}`);
    expect(actionsOf(statement).filter((action) => action.includes('*'))).toEqual([]);
  });

  test('a tenant on the environment key encrypts the rollout\'s log group with it and adds no key of its own', () => {
    const { template, stack, tenant } = createPinnedTenant({ dedicatedKey: false });
    template.resourceCountIs('AWS::KMS::Key', 0);
    const [, logGroup] = onlyResource(template, 'AWS::Logs::LogGroup', { LogGroupName: LOG_GROUP_NAME });
    expect(logGroup.Properties.KmsKeyId).toEqual(stack.resolve(tenant.key.keyArn));
  });

  test.each(PRESET_TIERS)('%s: the rule and state machine do not wait for the services, which they address by name', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const serviceIds = SERVICE_NAMES.map((serviceName) => serviceNamed(template, serviceName)[0]);
    for (const resource of [stateMachineOf(template)[1], onlyResource(template, 'AWS::Events::Rule')[1]]) {
      const text = JSON.stringify(resource);
      for (const serviceId of serviceIds) {
        expect(text).not.toContain(serviceId);
      }
    }
  });

  test.each(PRESET_TIERS)('%s: the four security packs find nothing unacknowledged in the rollout', (_name, tier) => {
    expect(rolloutFindings(tier)).toEqual([]);
  });
});

/** Findings of the four packs on the rollout's constructs, as `<rule> <path below the rollout>`. */
function rolloutFindings(tier: TenantTier): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-packs-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const baseStack = new Stack(app, 'MateBase-dev', { env: ENV });
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
  });
  new MateTenant(new Stack(app, 'MateTenant-demo-dev', { env: ENV }), 'Tenant', {
    base,
    tenantId: 'demo',
    tier,
    image: ecs.ContainerImage.fromRegistry(IMAGE),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  app.synth();

  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  const rolloutPath = 'MateTenant-demo-dev/Tenant/Services/RolloutOnRotation/';
  // The rollout must be in the app the packs checked, or an empty result would prove nothing.
  expect(app.node.findAll().filter((construct) => construct.node.path.startsWith(rolloutPath)).length).toBeGreaterThan(0);
  return report.pluginReports.flatMap((plugin: any) => plugin.violations.flatMap((violation: any) => violation.violatingConstructs
    .filter((construct: any) => construct.constructPath.startsWith(rolloutPath))
    .map((construct: any) => `${violation.ruleName} ${construct.constructPath.slice(rolloutPath.length)}`)));
}
