import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { createTenant, onlyResource, tenantKeyArn } from '../../fixtures';

describe('tenant file system', () => {
  test('is encrypted with the tenant key, backed up by the tenant\'s plan instead of EFS\'s automatic backups, and retained', () => {
    const { template } = createTenant();
    template.hasResource('AWS::EFS::FileSystem', {
      Properties: Match.objectLike({
        Encrypted: true,
        KmsKeyId: tenantKeyArn(template),
        BackupPolicy: { Status: 'DISABLED' },
        ThroughputMode: 'elastic',
        FileSystemTags: Match.arrayWith([{ Key: 'Name', Value: 'mate-demo-dev-media' }]),
      }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('has its mount targets in the isolated subnets, reachable only from the services of the tenant', () => {
    const { template } = createTenant();
    const mountTargets = Object.values(template.findResources('AWS::EFS::MountTarget'));
    expect(mountTargets).toHaveLength(2);
    mountTargets.forEach((target) => expect(JSON.stringify(target.Properties.SubnetId)).toContain('isolatedsubnetids'));

    const fileSystemGroup = mountTargets[0].Properties.SecurityGroups[0];
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify(fileSystemGroup));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({
      FromPort: 2049,
      ToPort: 2049,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^TenantServiceSecurityGroup/), 'GroupId'] },
    });
  });

  test('offers an access point rooted in a tenant directory, as a fixed POSIX user', () => {
    const { template, tenant } = createTenant();
    template.hasResourceProperties('AWS::EFS::AccessPoint', {
      FileSystemId: { Ref: onlyResource(template, 'AWS::EFS::FileSystem').id },
      PosixUser: { Uid: '1000', Gid: '1000' },
      RootDirectory: {
        Path: '/demo/media',
        CreationInfo: { OwnerUid: '1000', OwnerGid: '1000', Permissions: '750' },
      },
    });
    expect(tenant.mediaPath).toBe('/app/media');
  });

  test('refuses connections without TLS or outside the access point, and allows anonymous clients nothing', () => {
    const { template } = createTenant();
    const policy = onlyResource(template, 'AWS::EFS::FileSystem').resource.Properties.FileSystemPolicy;
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } } }),
    ]);
    expect(policy.Statement.filter((statement: any) => statement.Effect === 'Allow')).toEqual([]);
  });

  test('lets the task role mount and write through the access point, without root access', () => {
    const { template, stack, tenant } = createTenant();
    const taskRoleId = stack.getLogicalId(tenant.taskRole.node.defaultChild as CfnElement);
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(taskRoleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => JSON.stringify(statement.Action).includes('elasticfilesystem:'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Effect: 'Allow',
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: { 'Fn::GetAtt': [onlyResource(template, 'AWS::EFS::FileSystem').id, 'Arn'] },
      Condition: {
        StringEquals: { 'elasticfilesystem:AccessPointArn': expect.anything() },
        Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      },
    });
    expect(JSON.stringify(statements[0].Condition.StringEquals)).toContain(onlyResource(template, 'AWS::EFS::AccessPoint').id);
  });
});
