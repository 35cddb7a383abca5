import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';
import { allowLogGroupsToUseKey, denyGrantsExceptForAwsServices } from '../../security/key-policies';

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
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  // Only this tenant's log groups (services, database exports, cache logs) may use the key.
  allowLogGroupsToUseKey(key, 'AllowTenantLogGroups', [
    `/ecs/${names.stem}/*`,
    names.databaseLogGroup('*'),
    names.cacheLogGroup('*'),
  ]);
  denyGrantsExceptForAwsServices(key);
  return key;
}
