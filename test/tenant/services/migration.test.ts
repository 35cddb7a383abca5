import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MIGRATION_RUNNER_SOURCE } from '../../../src/tenant/services/migration-runner-source';
import { createPinnedTenant, defaultTenantAt, IMAGE, onlyResource, serviceNamed, taskDefinitionOf, PRESET_TIERS } from '../../fixtures';

const SERVICE_NAMES = ['mate-demo-dev-django', 'mate-demo-dev-celery', 'mate-demo-dev-beat'];

/** The migration runner function, as [logicalId, resource]. */
function runnerOf(template: Template): [string, any] {
  return onlyResource(template, 'AWS::Lambda::Function', { Code: { ZipFile: MIGRATION_RUNNER_SOURCE } });
}

describe('migrations', () => {
  test.each(PRESET_TIERS)('%s: a migration task definition mate-demo-dev-migrate runs manage.py migrate with the contract', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [, definition] = taskDefinitionOf(template, 'mate-demo-dev-migrate');
    const container = definition.Properties.ContainerDefinitions[0];
    expect(container.Command).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
    expect(container.Secrets.map((secret: any) => secret.Name)).toEqual(['DATABASE_USER', 'DATABASE_PASSWORD', 'REDIS_AUTH_TOKEN', 'DJANGO_SECRET_KEY']);
  });

  test.each(PRESET_TIERS)('%s: the stack output holds the exact run-task command with cluster, private subnets and service group', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const serviceGroupId = stack.getLogicalId(tenant.serviceSecurityGroup.node.defaultChild as any);
    const privateSubnet = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': [',', { Ref: Match.stringLikeRegexp('privatesubnetids') }] }] });
    template.hasOutput('MigrateCommandDemo', {
      Value: {
        'Fn::Join': ['', [
          'aws ecs run-task --cluster mate-dev --task-definition mate-demo-dev-migrate --launch-type FARGATE --network-configuration \'awsvpcConfiguration={subnets=[',
          { 'Fn::Join': [',', [privateSubnet(0), privateSubnet(1)]] },
          '],securityGroups=[',
          { 'Fn::GetAtt': [serviceGroupId, 'GroupId'] },
          '],assignPublicIp=DISABLED}\'',
        ]],
      },
    });
  });

  test('the output key follows the tenant id, so CI can find it', () => {
    const { template } = createPinnedTenant({ tenantId: 'acme-corp' });
    expect(Object.keys(template.findOutputs('*'))).toContain('MigrateCommandAcmeCorp');
  });

  test('migrateCommand replaces the default command', () => {
    const { template } = createPinnedTenant({ migrateCommand: ['python', 'manage.py', 'migrate', '--noinput', '--database', 'default'] });
    const [, definition] = taskDefinitionOf(template, 'mate-demo-dev-migrate');
    expect(definition.Properties.ContainerDefinitions[0].Command).toEqual(['python', 'manage.py', 'migrate', '--noinput', '--database', 'default']);
  });

  test.each(PRESET_TIERS)('%s: by default each deployment runs the migration task before any service rolls out', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const [taskDefinitionId] = taskDefinitionOf(template, 'mate-demo-dev-migrate');
    const [logGroupId] = onlyResource(template, 'AWS::Logs::LogGroup', { LogGroupName: '/ecs/mate-demo-dev/migrate' });
    const [functionId] = runnerOf(template);
    const [migrationId, migration] = onlyResource(template, 'Custom::MateMigration');
    expect(migration.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [functionId, 'Arn'] },
      ServiceTimeout: '1200',
      Family: 'mate-demo-dev-migrate',
      Cluster: stack.resolve(tenant.base.cluster.clusterArn),
      // A new revision (new image, command or environment) changes this property, so the migration runs again.
      TaskDefinition: { Ref: taskDefinitionId },
      ContainerName: 'migrate',
      Subnets: [0, 1].map((index) => ({ 'Fn::Select': [index, { 'Fn::Split': [',', { Ref: expect.stringMatching(/privatesubnetids/) }] }] })),
      SecurityGroups: [{ 'Fn::GetAtt': [stack.getLogicalId(tenant.serviceSecurityGroup.node.defaultChild as any), 'GroupId'] }],
      LogGroup: { Ref: logGroupId },
      // Named, with the architecture, in the error when the task cannot pull the image (a tag not pushed yet).
      Image: IMAGE,
      CpuArchitecture: 'ARM64',
    });
    for (const serviceName of SERVICE_NAMES) {
      expect(serviceNamed(template, serviceName)[1].DependsOn).toContain(migrationId);
    }
  });

  test.each(PRESET_TIERS)('%s: migrations wait for every data store and the rules that let the tasks reach them', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const [, migration] = onlyResource(template, 'Custom::MateMigration');
    const databaseId = stack.getLogicalId(tenant.database.node.defaultChild as any);
    expect(migration.DependsOn).toContain(databaseId);
    expect(migration.DependsOn).toContain(stack.getLogicalId(tenant.cacheReplicationGroup));
    const databaseIngress = Object.keys(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((id) => id.includes('DatabaseSecurityGroup'));
    expect(databaseIngress.length).toBeGreaterThan(0);
    expect(migration.DependsOn).toEqual(expect.arrayContaining(databaseIngress));
  });

  test('the runner is an inline Node.js function that logs to the migration log group and is never retried', () => {
    const { template } = defaultTenantAt(PRESET_TIERS[0][1]);
    const [logGroupId] = onlyResource(template, 'AWS::Logs::LogGroup', { LogGroupName: '/ecs/mate-demo-dev/migrate' });
    const [functionId, fn] = runnerOf(template);
    expect(fn.Properties).toMatchObject({
      Code: { ZipFile: MIGRATION_RUNNER_SOURCE },
      Handler: 'index.handler',
      Runtime: expect.stringMatching(/^nodejs\d+\.x$/),
      Timeout: 900,
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 0,
    });
  });

  test('the runner may run only the migration family on the environment\'s cluster, and nothing with a wildcard action', () => {
    const { template, stack, tenant } = defaultTenantAt(PRESET_TIERS[0][1]);
    const [, fn] = runnerOf(template);
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const [, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy', { Roles: [{ Ref: roleId }] });
    const [executionRoleId] = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.includes('ExecutionRole'));
    const onCluster = { ArnEquals: { 'ecs:cluster': stack.resolve(tenant.base.cluster.clusterArn) } };
    const taskArns = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:us-east-1:123456789012:task/mate-dev/*']] };
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Action: 'ecs:RunTask',
        Condition: onCluster,
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:us-east-1:123456789012:task-definition/mate-demo-dev-migrate:*']] },
      },
      { Action: 'ecs:DescribeTasks', Condition: onCluster, Effect: 'Allow', Resource: taskArns },
      { Action: 'ecs:TagResource', Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } }, Effect: 'Allow', Resource: taskArns },
      {
        Action: 'iam:PassRole',
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        Effect: 'Allow',
        Resource: [
          { 'Fn::GetAtt': [stack.getLogicalId(tenant.taskRole.node.defaultChild as any), 'Arn'] },
          { 'Fn::GetAtt': [executionRoleId, 'Arn'] },
        ],
      },
      { Action: 'cloudformation:DescribeStacks', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } },
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [onlyResource(template, 'AWS::Logs::LogGroup', { LogGroupName: '/ecs/mate-demo-dev/migrate' })[0], 'Arn'] },
      },
    ]);
    expect(template.findResources('AWS::IAM::Role')[roleId].Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('the security packs\' Lambda findings on the runner and the ECS2 finding on the task definitions are acknowledged', () => {
    const { app, stack } = createPinnedTenant();
    const findings = [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app)]
      .flatMap((pack) => pack.validateScope(stack).violations)
      .flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} ${resource.constructPath}`));
    expect(findings.filter((finding) => /MigrateOnDeploy\/Function/.test(finding))).toEqual([]);
    expect(findings.filter((finding) => /AwsSolutions-ECS2/.test(finding))).toEqual([]);
  });

  test('migrateOnDeploy false leaves migrations to the run-task command', () => {
    const { template } = createPinnedTenant({ migrateOnDeploy: false });
    template.resourceCountIs('Custom::MateMigration', 0);
    expect(template.findResources('AWS::Lambda::Function', { Properties: { Code: { ZipFile: MIGRATION_RUNNER_SOURCE } } })).toEqual({});
    expect(Object.keys(template.findOutputs('*'))).toContain('MigrateCommandDemo');
    for (const serviceName of SERVICE_NAMES) {
      expect(JSON.stringify(serviceNamed(template, serviceName)[1].DependsOn)).not.toContain('Migration');
    }
  });
});
