import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';
import { denyGrantsExceptForAwsServices } from '../../security/key-policies';

/**
 * The key that encrypts the tenant's data: a key of its own, or the environment's key when `dedicatedKey` is false.
 *
 * A key of its own is what makes crypto-shredding possible at offboarding: scheduling its deletion makes every
 * snapshot, backup and object of the tenant unreadable. It is therefore retained when the stack is deleted, and its
 * deletion, when someone schedules it, waits the longest window KMS allows.
 */
export function tenantKey(scope: Construct, base: IMateBase, names: TenantNames, dedicatedKey: boolean): kms.IKey {
  if (!dedicatedKey) {
    return base.key;
  }
  const key = new kms.Key(scope, 'Key', {
    alias: names.keyAlias,
    description: `Encrypts every data store, secret and log of tenant ${names.tenantId} (${names.stem})`,
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  allowTenantLogGroups(key, names);
  denyGrantsExceptForAwsServices(key);
  return key;
}

/**
 * CloudWatch Logs encrypts a log group with the key's own policy, not with a caller's grant. Only this tenant's log
 * groups (services, database exports, cache logs) may use the key, as the encryption context names the log group.
 */
function allowTenantLogGroups(key: kms.Key, names: TenantNames): void {
  const stack = Stack.of(key);
  const logGroupArn = (logGroupName: string) => stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowTenantLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
    actions: [
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:DescribeKey',
    ],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': [
          logGroupArn(`/ecs/${names.stem}/*`),
          logGroupArn(names.databaseLogGroup('*')),
          logGroupArn(names.cacheLogGroup('*')),
        ],
      },
    },
  }));
}
