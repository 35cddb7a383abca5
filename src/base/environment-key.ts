import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { EnvironmentNames } from '../naming';
import { allowLogGroupsToUseKey, denyGrantsExceptForAwsServices } from '../security/key-policies';

/**
 * What CloudWatch alarms (and AWS Budgets) need to publish to an SNS topic encrypted with a customer-managed key: SNS generates a data
 * key per message and decrypts it with the publisher's authority. Some of AWS's sample policies write
 * `kms:GenerateDataKey*`; SNS calls only `GenerateDataKey`, and the key policy names no wildcard action.
 */
const ALARMS_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/**
 * The environment's rotating customer-managed key, for its log groups (and its tenants'), its alarm topic, its image
 * repository and the secrets of tenants without a key of their own. Retained: data encrypted with it would be lost
 * with it.
 */
export function createEnvironmentKey(scope: Construct, id: string, names: EnvironmentNames): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, id, {
    description: `MATE environment ${names.environment}: logs, alarms, images and shared secrets`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  allowLogGroupsToUseKey(key, 'AllowCloudWatchLogsOfThisAccount', ['*']);
  // CloudWatch alarms and the tenants' budgets publish to the encrypted alarm topic, each with its service principal.
  const publishers: Array<[string, string]> = [
    ['AllowCloudWatchAlarmsOfThisAccount', 'cloudwatch.amazonaws.com'],
    ['AllowBudgetsOfThisAccount', 'budgets.amazonaws.com'],
  ];
  for (const [sid, service] of publishers) {
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal(service)],
      actions: ALARMS_KEY_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
  }
  denyGrantsExceptForAwsServices(key);
  return key;
}
