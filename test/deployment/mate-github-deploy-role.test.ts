import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MateBaseInfra } from '../../src/base';
import { MateGitHubDeployRole, type MateGitHubDeployRoleProps } from '../../src/deployment';
import { certificateIn, createTenant } from '../fixtures';

const ENV = { account: '123456789012', region: 'eu-west-1' };

interface Fixture {
  readonly stack: Stack;
  readonly deployRole: MateGitHubDeployRole;
  readonly template: Template;
}

/** A base `dev` and a deploy role with `props` in its stack, which has an explicit account and region. */
function deployRoleWith(props: Partial<MateGitHubDeployRoleProps> = {}, id = 'GitHubDeploy'): Fixture {
  const app = new App();
  const stack = new Stack(app, 'MateBase-dev', { env: ENV });
  const base = new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack) });
  const deployRole = new MateGitHubDeployRole(stack, id, { base, repository: 'sociant/mate-app', ...props });
  return { stack, deployRole, template: Template.fromStack(stack) };
}

/** A template value as text: `Fn::Join`s joined, references as `<Name>` (`arn:<AWS::Partition>:...`). */
function flat(value: unknown): any {
  if (Array.isArray(value)) {
    return value.map(flat);
  }
  if (value && typeof value === 'object') {
    const node = value as Record<string, any>;
    if (node['Fn::Join']) {
      return (node['Fn::Join'][1] as unknown[]).map(flat).join(node['Fn::Join'][0]);
    }
    if (node.Ref) {
      return `<${node.Ref}>`;
    }
    return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, flat(item)]));
  }
  return value;
}

/** The statements of the deploy role's policy, by Sid, with their ARNs as text. */
function statementsBySid(template: Template): Record<string, { [key: string]: any }> {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter((policy) => String(policy.Properties.Description).startsWith('Lets GitHub Actions'));
  expect(policies).toHaveLength(1);
  return Object.fromEntries(policies[0].Properties.PolicyDocument.Statement.map((statement: any) => [statement.Sid, flat(statement)]));
}

describe('MateGitHubDeployRole', () => {
  const { template, deployRole } = deployRoleWith();
  const statements = statementsBySid(template);

  test('trusts GitHub Actions of one repository\'s main branch, with the STS audience, on exact matches', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'mate-dev-github-deploy',
      MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRoleWithWebIdentity',
          Effect: 'Allow',
          Principal: { Federated: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:oidc-provider/token.actions.githubusercontent.com']] } },
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': 'repo:sociant/mate-app:ref:refs/heads/main',
            },
          },
        }],
      },
    });
    expect(deployRole.subject).toBe('repo:sociant/mate-app:ref:refs/heads/main');
  });

  test('trusts the account\'s existing GitHub OIDC provider by its ARN by default, creating none (an account holds only one)', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    template.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
  });

  test('creates the account\'s GitHub OIDC provider when asked, and trusts that one', () => {
    const { template: creating } = deployRoleWith({ createOpenIdConnectProvider: true });
    creating.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    creating.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    creating.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'mate-dev-github-deploy',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: { Ref: Match.stringLikeRegexp('^GitHubDeployGitHubProvider') } } })] },
    });
  });

  test('fails when a provider is passed and also to be created', () => {
    const provider = (stack: Stack) => iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'GitHub', 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    const app = new App();
    const stack = new Stack(app, 'MateBase-dev', { env: ENV });
    const base = new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack) });
    expect(() => new MateGitHubDeployRole(stack, 'GitHubDeploy', { base, repository: 'sociant/mate-app', openIdConnectProvider: provider(stack), createOpenIdConnectProvider: true }))
      .toThrow('openIdConnectProvider and createOpenIdConnectProvider are both set: pass the provider to trust, or create the account\'s one here, not both');
  });

  test('its permissions are one customer-managed policy and no inline policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'mate-dev-github-deploy',
      ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^GitHubDeployPolicy') }],
    });
    const role = Object.values(template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'mate-dev-github-deploy' } }))[0];
    expect(role.Properties.Policies).toBeUndefined();
    expect(Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('GitHubDeployRole'))).toEqual([]);
  });

  test('no statement has a wildcard action', () => {
    for (const statement of Object.values(statements)) {
      for (const action of [statement.Action].flat()) {
        expect(action).not.toContain('*');
      }
    }
  });

  test('may assume exactly the four CDK bootstrap roles of the default qualifier', () => {
    expect(statements.AssumeCdkBootstrapRoles.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(statements.AssumeCdkBootstrapRoles.Resource).toEqual(['deploy', 'file-publishing', 'image-publishing', 'lookup']
      .map((kind) => `arn:<AWS::Partition>:iam::123456789012:role/cdk-hnb659fds-${kind}-role-123456789012-eu-west-1`));
  });

  test('may push only to the environment\'s repository; the login token is the only * resource', () => {
    expect(statements.LogInToEcr).toEqual(expect.objectContaining({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }));
    expect(statements.PushToEnvironmentRepository.Resource).toBe('arn:<AWS::Partition>:ecr:eu-west-1:123456789012:repository/mate-dev');
    expect(statements.PushToEnvironmentRepository.Action).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:CompleteLayerUpload', 'ecr:UploadLayerPart']));
    const starResources = Object.values(statements).filter((statement) => [statement.Resource].flat().includes('*'));
    expect(starResources.map((statement) => statement.Sid)).toEqual(['LogInToEcr']);
  });

  test('may run only the environment\'s migration task families, on its cluster', () => {
    const onCluster = { ArnEquals: { 'ecs:cluster': 'arn:<AWS::Partition>:ecs:eu-west-1:123456789012:cluster/mate-dev' } };
    expect(statements.RunMigrationTasks).toEqual(expect.objectContaining({
      Action: 'ecs:RunTask',
      Resource: 'arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task-definition/mate-*-dev-migrate:*',
      Condition: onCluster,
    }));
    expect(statements.WatchTasks).toEqual(expect.objectContaining({
      Action: 'ecs:DescribeTasks',
      Resource: 'arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task/mate-dev/*',
      Condition: onCluster,
    }));
  });

  test('may roll out and describe only the services of cluster mate-dev', () => {
    expect(statements.RollOutServices).toEqual(expect.objectContaining({
      Action: ['ecs:UpdateService', 'ecs:DescribeServices'],
      Resource: 'arn:<AWS::Partition>:ecs:eu-west-1:123456789012:service/mate-dev/*',
    }));
  });

  test('may pass only the environment\'s task roles, and only to ECS tasks', () => {
    expect(statements.PassTenantTaskRolesToEcs).toEqual(expect.objectContaining({
      Action: 'iam:PassRole',
      Resource: 'arn:<AWS::Partition>:iam::123456789012:role/mate/dev/ecs-tasks/*',
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }));
  });

  test('may only read the tenants\' service logs', () => {
    expect(statements.ReadTenantServiceLogs).toEqual(expect.objectContaining({
      Action: ['logs:FilterLogEvents', 'logs:GetLogEvents'],
      Resource: 'arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:/ecs/mate-*-dev/*',
    }));
  });

  test('grants nothing else', () => {
    expect(Object.keys(statements).sort()).toEqual([
      'AssumeCdkBootstrapRoles', 'LogInToEcr', 'PassTenantTaskRolesToEcs', 'PushToEnvironmentRepository',
      'ReadTenantServiceLogs', 'RollOutServices', 'RunMigrationTasks', 'WatchTasks',
    ]);
  });

  test('outputs the role ARN under <id>RoleArn', () => {
    template.hasOutput('GitHubDeployRoleArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GitHubDeployRole'), 'Arn'] } });
  });

  test('acknowledges each wildcard resource on the policy, with a full-sentence reason', () => {
    const acknowledged = deployRole.policy.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason]);
    expect(acknowledged.map(([id]) => id).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:service/mate-dev/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task-definition/mate-*-dev-migrate:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task/mate-dev/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::123456789012:role/mate/dev/ecs-tasks/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:/ecs/mate-*-dev/*]',
    ]);
    for (const [, reason] of acknowledged) {
      expect(reason).toMatch(/^[A-Z].{60,}\.$/);
    }
  });

  test.each([
    ['without an explicit account and region', {}],
    ['in an explicit account and region', { env: ENV }],
  ])('the four security packs find nothing unacknowledged in the role %s', (_name, stackProps) => {
    const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(app, 'MateBase-dev', stackProps);
    const base = new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack) });
    new MateGitHubDeployRole(stack, 'GitHubDeploy', { base, repository: 'sociant/mate-app' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
    const assembly = app.synth();
    const reportFile = path.join(assembly.directory, 'validation-report.json');
    const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')) : { pluginReports: [] };
    const findings = report.pluginReports.flatMap((plugin: any) => plugin.violations.flatMap((violation: any) =>
      violation.violatingConstructs.map((construct: any) => `${violation.ruleName} at ${construct.constructPath}`)))
      .filter((finding: string) => finding.includes('/GitHubDeploy/'));
    expect(findings).toEqual([]);
  });

  test('a GitHub environment scopes the role instead of a branch', () => {
    const { template: scoped, deployRole: role } = deployRoleWith({ gitHubEnvironment: 'production' });
    expect(role.subject).toBe('repo:sociant/mate-app:environment:production');
    scoped.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: { StringEquals: Match.objectLike({ 'token.actions.githubusercontent.com:sub': 'repo:sociant/mate-app:environment:production' }) },
        })],
      },
    });
  });

  test('another branch, qualifier, role name and session duration', () => {
    const { template: custom } = deployRoleWith({
      branch: 'release/2.x',
      cdkBootstrapQualifier: 'mate1',
      roleName: 'mate-dev-infra-deploy',
      maxSessionDuration: Duration.hours(1),
    });
    custom.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'mate-dev-infra-deploy',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: { StringEquals: Match.objectLike({ 'token.actions.githubusercontent.com:sub': 'repo:sociant/mate-app:ref:refs/heads/release/2.x' }) },
        })],
      },
    });
    expect(statementsBySid(custom).AssumeCdkBootstrapRoles.Resource[0]).toBe('arn:<AWS::Partition>:iam::123456789012:role/cdk-mate1-deploy-role-123456789012-eu-west-1');
  });

  test('an existing OIDC provider is trusted instead of creating a second one', () => {
    const app = new App();
    const stack = new Stack(app, 'MateBase-prod', { env: ENV });
    const base = new MateBaseInfra(stack, 'Base', { environment: 'prod', domainName: 'mate.example.com', certificate: certificateIn(stack) });
    const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'GitHub',
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    const importing = new MateGitHubDeployRole(stack, 'GitHubDeploy', { base, repository: 'sociant/mate-app', openIdConnectProvider: provider });
    const imported = Template.fromStack(stack);
    imported.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    imported.resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
    imported.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'mate-prod-github-deploy',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' } })],
      },
    });
    expect(importing.openIdConnectProvider).toBe(provider);
  });

  test('the tenants\' task and execution roles are exactly the roles it may pass', () => {
    const { template: tenant } = createTenant();
    const ecsTaskRoles = Object.values(tenant.findResources('AWS::IAM::Role'))
      .filter((role) => JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('ecs-tasks.amazonaws.com'));
    expect(ecsTaskRoles.length).toBe(2);
    for (const role of ecsTaskRoles) {
      expect(role.Properties.Path).toBe('/mate/dev/ecs-tasks/');
    }
    const otherRoles = Object.values(tenant.findResources('AWS::IAM::Role')).filter((role) => !ecsTaskRoles.includes(role));
    for (const role of otherRoles) {
      expect(role.Properties.Path).not.toBe('/mate/dev/ecs-tasks/');
    }
  });

  test('fails when the repository, the scoping, the qualifier, the provider, the name and the duration are all wrong, naming each', () => {
    const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(new Stack(), 'Other', 'arn:aws:iam::123456789012:oidc-provider/gitlab.com');
    expect(() => deployRoleWith({
      repository: 'sociant/*',
      branch: 'main',
      gitHubEnvironment: 'production',
      cdkBootstrapQualifier: 'much-too-long',
      openIdConnectProvider: provider,
      roleName: 'a'.repeat(65),
      maxSessionDuration: Duration.hours(13),
    })).toThrow([
      'Invalid MateGitHubDeployRole \'GitHubDeploy\':',
      '  - repository \'sociant/*\' must be a GitHub repository as \'owner/name\' (for example \'sociant/mate-app\'), without wildcards',
      '  - branch and gitHubEnvironment are both set: scope the role to one of them (a job with a GitHub environment presents the environment, not the branch)',
      '  - cdkBootstrapQualifier \'much-too-long\' must be the qualifier given to cdk bootstrap: 1 to 10 letters, digits, \'_\' or \'-\'',
      '  - openIdConnectProvider \'arn:aws:iam::123456789012:oidc-provider/gitlab.com\' must be the account\'s provider for https://token.actions.githubusercontent.com (its ARN ends in \':oidc-provider/token.actions.githubusercontent.com\')',
      `  - roleName '${'a'.repeat(65)}' must be 1 to 64 letters, digits and the characters + = , . @ _ -`,
      '  - maxSessionDuration 13 hours must be from 1 to 12 hours',
    ].join('\n'));
  });

  test.each([
    ['a repository without owner', { repository: 'mate-app' }, /repository 'mate-app' must be a GitHub repository as 'owner\/name'/],
    ['a repository with a path', { repository: 'sociant/mate/app' }, /repository 'sociant\/mate\/app'/],
    ['a branch wildcard', { branch: 'release/*' }, /branch 'release\/\*' must be one branch name/],
    ['a full ref as branch', { branch: 'refs/heads/main' }, /branch 'refs\/heads\/main' must be one branch name such as 'main', without 'refs\/heads\/'/],
    ['a branch with a space', { branch: 'my branch' }, /branch 'my branch'/],
    ['an empty branch', { branch: '' }, /branch '' must be one branch name/],
    ['an environment wildcard', { gitHubEnvironment: 'prod*' }, /gitHubEnvironment 'prod\*' must be one GitHub environment name/],
  ])('fails when given %s', (_name, props, message) => {
    expect(() => deployRoleWith(props)).toThrow(message);
  });
});
