import { Match } from 'aws-cdk-lib/assertions';
import { tenantKeyArn, createTenant, onlyResource, PRESET_TIERS } from '../../fixtures';

describe('tenant backup', () => {
  test('keeps the backups in a vault of the tenant, encrypted with the tenant key, that outlives the stack', () => {
    const { template } = createTenant();
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectLike({
        BackupVaultName: 'mate-demo-dev',
        EncryptionKeyArn: tenantKeyArn(template),
      }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('refuses to delete recovery points or shorten their lifecycle, whoever asks', () => {
    const { template } = createTenant();
    const vault = onlyResource(template, 'AWS::Backup::BackupVault').resource;
    expect(vault.Properties.AccessPolicy.Statement).toEqual([{
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
      Resource: '*',
    }]);
  });

  test.each(PRESET_TIERS)('backs up the database and the file system of a %s tenant daily, kept 35 days', (_name, tier) => {
    const { template } = createTenant({ tier });
    const vault = onlyResource(template, 'AWS::Backup::BackupVault');
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'mate-demo-dev',
        BackupPlanRule: [Match.objectLike({
          RuleName: 'Daily',
          TargetBackupVault: { 'Fn::GetAtt': [vault.id, 'BackupVaultName'] },
          ScheduleExpression: 'cron(0 5 * * ? *)',
          Lifecycle: { DeleteAfterDays: 35 },
        })],
      },
    });

    const database = onlyResource(template, 'AWS::RDS::DBInstance').id;
    const fileSystem = onlyResource(template, 'AWS::EFS::FileSystem').id;
    const selection = onlyResource(template, 'AWS::Backup::BackupSelection').resource;
    const resources = JSON.stringify(selection.Properties.BackupSelection.Resources);
    expect(resources).toContain(`{"Ref":"${database}"}`);
    expect(resources).toContain(`{"Ref":"${fileSystem}"}`);
    expect(selection.Properties.BackupSelection.Resources).toHaveLength(2);
  });

  test('backs up through a role of AWS Backup, without restore permissions', () => {
    const { template } = createTenant();
    const selection = onlyResource(template, 'AWS::Backup::BackupSelection').resource;
    const roleId = selection.Properties.BackupSelection.IamRoleArn['Fn::GetAtt'][0];
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ]);
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('AWSBackupServiceRolePolicyForBackup');
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).not.toContain('Restore');
  });
});
