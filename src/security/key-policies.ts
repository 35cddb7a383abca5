import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** What CloudWatch Logs needs to encrypt and read a log group with a customer-managed key. */
const LOGS_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

/**
 * Lets CloudWatch Logs of the key's region use `key` for the log groups named (wildcards allowed), and for no other:
 * CloudWatch Logs encrypts with the key's own policy rather than a caller's grant, and the encryption context names
 * the log group.
 */
export function allowLogGroupsToUseKey(key: kms.IKey, sid: string, logGroupNames: string[]): void {
  const stack = Stack.of(key);
  const arns = logGroupNames.map((logGroupName) => stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
    actions: LOGS_KEY_ACTIONS,
    // A key policy statement always applies to the key it belongs to.
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': arns.length === 1 ? arns[0] : arns,
      },
    },
  }));
}

/**
 * Denies `kms:CreateGrant` on `key` to every principal unless the grant is for an AWS resource or the caller is an AWS
 * service. RDS, ElastiCache, EFS, Secrets Manager and AWS Backup create the grants they need on behalf of their
 * resources and stay allowed; nobody can hand the key to an arbitrary principal through a grant, which the key policy
 * would not show (AWS Control Tower control CT.KMS.PR.3).
 */
export function denyGrantsExceptForAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    // A key policy statement always applies to the key it belongs to.
    resources: ['*'],
    conditions: {
      BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
    },
  }));
}
