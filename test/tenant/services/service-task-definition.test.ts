import { Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { createPinnedTenant, defaultTenantAt, onlyResource, taskDefinitionOf, PRESET_TIERS } from '../../fixtures';

const FAMILIES = {
  django: 'mate-demo-dev-django',
  celery: 'mate-demo-dev-celery',
  beat: 'mate-demo-dev-beat',
  migrate: 'mate-demo-dev-migrate',
};
const ROLES = Object.keys(FAMILIES) as Array<keyof typeof FAMILIES>;

describe('task definitions', () => {
  test.each(PRESET_TIERS)('%s: four task definitions, each sized by the tier', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    template.resourceCountIs('AWS::ECS::TaskDefinition', 4);
    for (const family of Object.values(FAMILIES)) {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: family,
        Cpu: `${tier.config.cpu}`,
        Memory: `${tier.config.memoryMiB}`,
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      });
    }
  });

  test.each(PRESET_TIERS)('%s: every task runs as the tenant\'s one task role and one execution role', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const taskRoleId = stack.getLogicalId(tenant.taskRole.node.defaultChild as any);
    const executionRoles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] }) },
    });
    const executionRoleIds = Object.keys(executionRoles).filter((id) => id !== taskRoleId);
    expect(executionRoleIds).toHaveLength(1);
    for (const family of Object.values(FAMILIES)) {
      const [, definition] = taskDefinitionOf(template, family);
      expect(definition.Properties.TaskRoleArn).toEqual({ 'Fn::GetAtt': [taskRoleId, 'Arn'] });
      expect(definition.Properties.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [executionRoleIds[0], 'Arn'] });
    }
  });

  test.each(PRESET_TIERS)('%s: each role logs to /ecs/mate-demo-dev/<role>, encrypted with the tenant key, kept as long as the tier says', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const keyId = stack.getLogicalId(tenant.key.node.defaultChild as any);
    for (const role of ROLES) {
      const [logGroupId] = onlyResource(template, 'AWS::Logs::LogGroup', {
        LogGroupName: `/ecs/mate-demo-dev/${role}`,
        RetentionInDays: tier.config.logRetention,
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
      const [, definition] = taskDefinitionOf(template, FAMILIES[role]);
      const container = definition.Properties.ContainerDefinitions[0];
      expect(container.Name).toBe(role);
      expect(container.LogConfiguration).toEqual({
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': { Ref: logGroupId }, 'awslogs-stream-prefix': role, 'awslogs-region': 'us-east-1' },
      });
    }
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/ecs/mate-demo-dev/django' },
      DeletionPolicy: 'Delete',
    });
  });

  test.each(PRESET_TIERS)('%s: the media file system is mounted read-write in Django and Celery only, over TLS with IAM authorization', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const fileSystemId = stack.getLogicalId(tenant.fileSystem.node.defaultChild as any);
    const accessPointId = stack.getLogicalId(tenant.accessPoint.node.defaultChild as any);
    for (const role of ['django', 'celery'] as const) {
      const [, definition] = taskDefinitionOf(template, FAMILIES[role]);
      expect(definition.Properties.Volumes).toContainEqual({
        Name: 'media',
        EFSVolumeConfiguration: {
          FilesystemId: { Ref: fileSystemId },
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: { AccessPointId: { Ref: accessPointId }, IAM: 'ENABLED' },
        },
      });
      expect(definition.Properties.ContainerDefinitions[0].MountPoints).toContainEqual({
        SourceVolume: 'media', ContainerPath: tenant.mediaPath, ReadOnly: false,
      });
    }
    for (const role of ['beat', 'migrate'] as const) {
      const [, definition] = taskDefinitionOf(template, FAMILIES[role]);
      expect(JSON.stringify(definition.Properties.Volumes ?? [])).not.toContain('EFSVolumeConfiguration');
    }
  });

  test.each(PRESET_TIERS)('%s: worker, beat and migration containers have a read-only root and a writable /tmp; Django stays writable for ECS Exec', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    for (const role of ['celery', 'beat', 'migrate'] as const) {
      const [, definition] = taskDefinitionOf(template, FAMILIES[role]);
      const container = definition.Properties.ContainerDefinitions[0];
      expect(container.ReadonlyRootFilesystem).toBe(true);
      expect(definition.Properties.Volumes).toContainEqual({ Name: 'scratch' });
      expect(container.MountPoints).toContainEqual({ SourceVolume: 'scratch', ContainerPath: '/tmp', ReadOnly: false });
    }
    const [, django] = taskDefinitionOf(template, FAMILIES.django);
    expect(django.Properties.ContainerDefinitions[0].ReadonlyRootFilesystem).toBe(false);
  });

  test('Django listens on the base\'s application port; the other roles expose no port', () => {
    const { template } = defaultTenantAt(PRESET_TIERS[0][1]);
    const [, django] = taskDefinitionOf(template, FAMILIES.django);
    expect(django.Properties.ContainerDefinitions[0].PortMappings).toEqual([{ Name: 'http', ContainerPort: 8000, Protocol: 'tcp' }]);
    for (const role of ['celery', 'beat', 'migrate'] as const) {
      const [, definition] = taskDefinitionOf(template, FAMILIES[role]);
      expect(definition.Properties.ContainerDefinitions[0].PortMappings).toBeUndefined();
    }
  });

  test('the Celery worker gets the longest stop timeout Fargate allows, for a warm shutdown', () => {
    const { template } = defaultTenantAt(PRESET_TIERS[0][1]);
    const [, celery] = taskDefinitionOf(template, FAMILIES.celery);
    expect(celery.Properties.ContainerDefinitions[0].StopTimeout).toBe(120);
  });

  test('cpuArchitecture X86_64 applies to every task definition', () => {
    const { template } = createPinnedTenant({ cpuArchitecture: ecs.CpuArchitecture.X86_64 });
    for (const family of Object.values(FAMILIES)) {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: family,
        RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      });
    }
  });

  test('readonlyRootFilesystem false leaves every root file system writable and adds no scratch volume', () => {
    const { template } = createPinnedTenant({ readonlyRootFilesystem: false });
    for (const family of Object.values(FAMILIES)) {
      const [, definition] = taskDefinitionOf(template, family);
      expect(definition.Properties.ContainerDefinitions[0].ReadonlyRootFilesystem).toBe(false);
      expect(definition.Properties.Volumes ?? []).not.toContainEqual({ Name: 'scratch' });
    }
  });

  test('without a dedicated key the log groups use the environment\'s key, whose policy admits every log group of the account', () => {
    const { template } = createPinnedTenant({ dedicatedKey: false });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/ecs/mate-demo-dev/django',
      KmsKeyId: { Ref: Match.stringLikeRegexp('keyarn') },
    });
  });

  test('a custom tier sizes the tasks and the log retention', () => {
    const tier = PRESET_TIERS[1][1].derive('large', { cpu: 2048, memoryMiB: 8192, logRetention: logs.RetentionDays.TWO_YEARS });
    const { template } = createPinnedTenant({ tier });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Family: FAMILIES.django, Cpu: '2048', Memory: '8192' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/ecs/mate-demo-dev/celery', RetentionInDays: 731 });
  });
});
