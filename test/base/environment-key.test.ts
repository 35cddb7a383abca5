import { Match } from 'aws-cdk-lib/assertions';
import { createBase } from '../fixtures';

describe('the environment key', () => {
  test('rotates and is retained', () => {
    const { template } = createBase();

    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
  });

  test('lets CloudWatch Logs of the region use it for log groups of this account only', () => {
    const { template } = createBase({}, { env: { account: '123456789012', region: 'eu-west-1' } });

    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowCloudWatchLogsOfThisAccount',
          Effect: 'Allow',
          // The partition's own domain (amazonaws.com.cn in China), not a literal.
          Principal: { Service: { 'Fn::Join': ['', ['logs.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] } },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:*']] },
            },
          },
        }]),
      },
    });
  });

  test('lets CloudWatch alarms of this account publish to the encrypted alarm topic', () => {
    const { template } = createBase();

    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowCloudWatchAlarmsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }]),
      },
    });
  });

  test('grants no wildcard action', () => {
    const { template } = createBase();
    const statements = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    const actions = statements.filter((statement: any) => statement.Sid !== undefined).flatMap((statement: any) => [statement.Action].flat());

    expect(actions.filter((action: string) => action.includes('*'))).toEqual([]);
  });
});
