import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

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
