import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CONTRACT_SECRETS, CONTRACT_VARIABLES } from '../../../src/tenant/services/application-contract';
import { createPinnedTenant, defaultTenantAt, taskDefinitionOf, PRESET_TIERS } from '../../fixtures';

const FAMILIES = ['mate-demo-dev-django', 'mate-demo-dev-celery', 'mate-demo-dev-beat', 'mate-demo-dev-migrate'];

interface NameValue { Name: string; Value?: unknown; ValueFrom?: unknown }

function containerOf(template: ReturnType<typeof defaultTenantAt>['template'], family: string) {
  return taskDefinitionOf(template, family)[1].Properties.ContainerDefinitions[0];
}

function environmentOf(container: { Environment?: NameValue[] }): Record<string, unknown> {
  return Object.fromEntries((container.Environment ?? []).map((entry) => [entry.Name, entry.Value]));
}

function secretsOf(container: { Secrets?: NameValue[] }): Record<string, unknown> {
  return Object.fromEntries((container.Secrets ?? []).map((entry) => [entry.Name, entry.ValueFrom]));
}

function idOf(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as any);
}

describe('application contract', () => {
  test.each(PRESET_TIERS)('%s: every container receives the contract\'s plain variables', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const databaseId = idOf(stack, tenant.database);
    const cacheId = stack.getLogicalId(tenant.cacheReplicationGroup);
    for (const family of FAMILIES) {
      const environment = environmentOf(containerOf(template, family));
      expect(environment).toEqual({
        MATE_TENANT_ID: 'demo',
        MATE_ENVIRONMENT: 'dev',
        MATE_SERVICE_ROLE: family.replace('mate-demo-dev-', ''),
        DJANGO_ALLOWED_HOSTS: 'demo.mate.example.com',
        DATABASE_HOST: { 'Fn::GetAtt': [databaseId, 'Endpoint.Address'] },
        DATABASE_PORT: { 'Fn::GetAtt': [databaseId, 'Endpoint.Port'] },
        DATABASE_NAME: 'mate',
        REDIS_HOST: { 'Fn::GetAtt': [cacheId, 'PrimaryEndPoint.Address'] },
        REDIS_PORT: { 'Fn::GetAtt': [cacheId, 'PrimaryEndPoint.Port'] },
        REDIS_TLS: 'true',
        AWS_STORAGE_BUCKET_NAME: { Ref: idOf(stack, tenant.bucket) },
        MEDIA_ROOT: tenant.mediaPath,
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
      });
    }
  });

  test.each(PRESET_TIERS)('%s: every container receives the credentials through ECS secrets only, each from its JSON key', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const databaseSecret = { Ref: stack.getLogicalId(tenant.databaseSecret.node.defaultChild as any) };
    const jsonField = (secret: unknown, field: string) => ({ 'Fn::Join': ['', [secret, `:${field}::`]] });
    for (const family of FAMILIES) {
      const container = containerOf(template, family);
      expect(secretsOf(container)).toEqual({
        DATABASE_USER: jsonField(databaseSecret, 'username'),
        DATABASE_PASSWORD: jsonField(databaseSecret, 'password'),
        REDIS_AUTH_TOKEN: jsonField({ Ref: idOf(stack, tenant.cacheAuthSecret) }, 'authToken'),
        DJANGO_SECRET_KEY: jsonField({ Ref: idOf(stack, tenant.djangoSecretKey) }, 'secretKey'),
      });
    }
  });

  test.each(PRESET_TIERS)('%s: no secret value or secret reference appears in any plain variable', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    for (const family of FAMILIES) {
      const environment = environmentOf(containerOf(template, family));
      for (const secretName of CONTRACT_SECRETS) {
        expect(environment).not.toHaveProperty(secretName);
      }
      const values = JSON.stringify(environment);
      expect(values).not.toMatch(/resolve:secretsmanager|resolve:ssm-secure|SecretString|password/i);
      expect(Object.keys(environment).some((name) => /REDIS_URL|DATABASE_URL/.test(name))).toBe(false);
    }
    // The only secret values CloudFormation ever sees are dynamic references it resolves at deploy time.
    const templateJson = JSON.stringify(template.toJSON());
    expect(templateJson.match(/"(Password|AuthToken|SecretString|MasterUserPassword)":"[^"{]*"/g)).toBeNull();
  });

  test('the execution role may read exactly the contract\'s secrets, and decrypt them only through Secrets Manager', () => {
    const { template, stack, tenant } = defaultTenantAt(PRESET_TIERS[0][1]);
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((policy: any) => JSON.stringify(policy.Properties.Roles).includes('ExecutionRole'));
    expect(policies).toHaveLength(1);
    const statements = (policies[0] as any).Properties.PolicyDocument.Statement;
    const secretReads = statements.filter((statement: any) => JSON.stringify(statement.Action).includes('secretsmanager:GetSecretValue'));
    expect(secretReads.map((statement: any) => statement.Resource)).toEqual([
      { Ref: stack.getLogicalId(tenant.databaseSecret.node.defaultChild as any) },
      { Ref: idOf(stack, tenant.cacheAuthSecret) },
      { Ref: idOf(stack, tenant.djangoSecretKey) },
    ]);
    const executionRoleId = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.includes('ExecutionRole'));
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [executionRoleId, 'Arn'] } },
          Resource: '*',
        }]),
      },
    });
    expect(JSON.stringify(statements)).not.toContain('kms:');
  });

  test('containerEnvironment, djangoSettingsModule and additionalHostNames reach every container', () => {
    const { template } = createPinnedTenant({
      containerEnvironment: { SENTRY_ENVIRONMENT: 'dev', FEATURE_FLAGS: 'reports' },
      djangoSettingsModule: 'mate.settings.production',
      additionalHostNames: ['app.customer.com', 'www.customer.com'],
    });
    for (const family of FAMILIES) {
      expect(environmentOf(containerOf(template, family))).toMatchObject({
        SENTRY_ENVIRONMENT: 'dev',
        FEATURE_FLAGS: 'reports',
        DJANGO_SETTINGS_MODULE: 'mate.settings.production',
        DJANGO_ALLOWED_HOSTS: 'demo.mate.example.com,app.customer.com,www.customer.com',
      });
    }
  });

  test('without djangoSettingsModule the image\'s own setting applies', () => {
    const { template } = defaultTenantAt(PRESET_TIERS[0][1]);
    expect(environmentOf(containerOf(template, FAMILIES[0]))).not.toHaveProperty('DJANGO_SETTINGS_MODULE');
  });

  test('containerSecrets reach every container through ECS secrets, and the execution role may read them', () => {
    const sentryArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:mate/sentry-AbCdEf';
    const sentry = secretsmanager.Secret.fromSecretCompleteArn(new Stack(), 'Sentry', sentryArn);
    const { template } = createPinnedTenant({ containerSecrets: { SENTRY_DSN: ecs.Secret.fromSecretsManager(sentry) } });
    for (const family of FAMILIES) {
      const container = containerOf(template, family);
      expect(secretsOf(container).SENTRY_DSN).toBe(sentryArn);
      expect(environmentOf(container)).not.toHaveProperty('SENTRY_DSN');
    }
    const executionRoleId = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.includes('ExecutionRole'));
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: executionRoleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: sentryArn,
        })]),
      },
    });
  });

  test('the contract lists every variable docs/application-contract.md documents', () => {
    expect([...CONTRACT_VARIABLES, ...CONTRACT_SECRETS]).toHaveLength(19);
  });
});
