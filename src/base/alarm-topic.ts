import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { EnvironmentNames } from '../naming';

/**
 * The environment's alarm topic, encrypted with `key`, reachable only over TLS, and writable by the CloudWatch alarms
 * of this account and Region (the base's and every tenant's).
 *
 * `enforceSSL` writes a topic policy, and a topic policy replaces the default one SNS gives a topic: without an
 * explicit statement for `cloudwatch.amazonaws.com` no alarm could ever publish ("no resource-based policy allows the
 * SNS:Publish action"). The statement carries the conditions CloudWatch documents against the confused deputy, so no
 * other account's alarm can publish here. The tenants' budgets notify the topic too, so `budgets.amazonaws.com` may
 * publish on behalf of this account's budgets, with the conditions AWS Budgets documents.
 */
export function createAlarmTopic(scope: Construct, id: string, names: EnvironmentNames, key: kms.IKey): sns.Topic {
  const stack = Stack.of(scope);
  const topic = new sns.Topic(scope, id, {
    displayName: `MATE ${names.environment} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
  const publishers: Array<{ sid: string; service: string; sourceArn: string }> = [
    {
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      service: 'cloudwatch.amazonaws.com',
      sourceArn: stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    },
    {
      sid: 'AllowBudgetsOfThisAccount',
      service: 'budgets.amazonaws.com',
      // Budgets are global: their ARNs, arn:<partition>:budgets::<account>:budget/<name>, have no Region.
      sourceArn: `arn:${stack.partition}:budgets::${stack.account}:*`,
    },
  ];
  for (const { sid, service, sourceArn } of publishers) {
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal(service)],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': sourceArn } },
    }));
  }
  return topic;
}
