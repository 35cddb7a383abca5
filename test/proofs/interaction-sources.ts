import type { CloudModel, ModelResource } from './cloud-model';
import { EXAMPLE, exampleArn } from './example-environment';

/** The stacks an entry is evaluated in: the environment's, and for tenant entries a tenant's and another tenant's. */
export interface StackBinding {
  readonly base: string;
  readonly tenant?: string;
  readonly other?: string;
}

/** One item a source found: the values `{item.<field>}` placeholders take. */
export type SourceItem = { readonly [field: string]: string };

type Source = (model: CloudModel, stacks: StackBinding) => SourceItem[];

/**
 * Where the repeated entries of the catalogue find their items: each reads the synthesized templates, so that a new
 * alarm, secret, log group, service or bucket is proven without touching the catalogue.
 */
export const SOURCES: { readonly [name: string]: Source } = {
  /** Every SNS topic any alarm of any stack notifies, with the key that encrypts the topic. */
  alarmActions: (model) => model.resources({ type: 'AWS::CloudWatch::Alarm' }).flatMap((alarm) => {
    const actions = new Set<string>([alarm.props.AlarmActions, alarm.props.OKActions, alarm.props.InsufficientDataActions].flat().filter(Boolean));
    return [...actions].filter((action) => action.includes(':sns:')).map((topicArn) => ({
      alarmArn: alarm.physical.attributes.Arn as string,
      topicArn,
      topicKeyArn: keyArnOf(model, find(model, 'AWS::SNS::Topic', (topic) => topic.physical.ref === topicArn).props.KmsMasterKeyId),
    }));
  }),
  /** Every SNS topic any budget of any stack notifies, with the key that encrypts the topic. */
  budgetNotifications: (model) => model.resources({ type: 'AWS::Budgets::Budget' }).flatMap((budget) => {
    const topics = new Set<string>((budget.props.NotificationsWithSubscribers ?? []).flatMap((notification: any) =>
      (notification.Subscribers ?? []).filter((subscriber: any) => subscriber.SubscriptionType === 'SNS').map((subscriber: any) => subscriber.Address)));
    return [...topics].map((topicArn) => ({
      // Budgets are global: their ARNs have no Region.
      budgetArn: `arn:${EXAMPLE.partition}:budgets::${EXAMPLE.account}:budget/${budget.props.Budget.BudgetName}`,
      topicArn,
      topicKeyArn: keyArnOf(model, find(model, 'AWS::SNS::Topic', (topic) => topic.physical.ref === topicArn).props.KmsMasterKeyId),
    }));
  }),
  /** Every secret the task definitions of the tenant inject, with the execution role that reads it and its key. */
  taskSecrets: (model, { tenant }) => taskSecrets(model, required(tenant)),
  /** The secrets of the other tenant, to be read by this tenant's roles. */
  otherTaskSecrets: (model, { other }) => taskSecrets(model, required(other)),
  /** Every container's log group, as the log stream the awslogs driver writes, with the execution role. */
  taskLogGroups: (model, { tenant }) => unique(containers(model, required(tenant)).flatMap(({ taskDefinition, container }) => {
    const options = container.LogConfiguration?.Options ?? {};
    return options['awslogs-group'] ? [{
      executionRoleArn: taskDefinition.props.ExecutionRoleArn,
      logStreamArn: exampleArn('logs', `log-group:${options['awslogs-group']}:log-stream:${options['awslogs-stream-prefix'] ?? 'ecs'}/${container.Name}/0123456789abcdef`),
    }] : [];
  })),
  /** Every image of a task definition that comes from an ECR repository of the example account. */
  taskImages: (model, { tenant }) => unique(containers(model, required(tenant)).flatMap(({ taskDefinition, container }) => {
    const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(String(container.Image));
    return match && match[1] === EXAMPLE.account ? [{
      executionRoleArn: taskDefinition.props.ExecutionRoleArn,
      repositoryArn: exampleArn('ecr', `repository/${match[3]}`, { region: match[2] }),
    }] : [];
  })),
  /** Every EFS volume of a task definition with IAM authorization, with the task role that mounts it. */
  taskFileSystems: (model, { tenant }) => unique(model.resources({ stackName: required(tenant), type: 'AWS::ECS::TaskDefinition' }).flatMap((taskDefinition) =>
    (taskDefinition.props.Volumes ?? []).filter((volume: any) => volume.EFSVolumeConfiguration?.AuthorizationConfig?.IAM === 'ENABLED').map((volume: any) => {
      const configuration = volume.EFSVolumeConfiguration;
      return {
        taskRoleArn: taskDefinition.props.TaskRoleArn,
        fileSystemArn: exampleArn('elasticfilesystem', `file-system/${configuration.FilesystemId}`),
        accessPointArn: exampleArn('elasticfilesystem', `access-point/${configuration.AuthorizationConfig.AccessPointId}`),
      };
    }))),
  /** Every bucket of the tenant encrypted with a KMS key, with that key. */
  kmsBuckets: (model, { tenant }) => model.resources({ stackName: required(tenant), type: 'AWS::S3::Bucket' }).flatMap((bucket) => {
    const key = bucket.props.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
    return key ? [{ bucketArn: bucket.physical.attributes.Arn as string, keyArn: keyArnOf(model, key) }] : [];
  }),
  /** The cluster's ECS Exec configuration: its log group (as a session's stream) and key. */
  executeCommand: (model, { base }) => model.resources({ stackName: base, type: 'AWS::ECS::Cluster' }).flatMap((cluster) => {
    const configuration = cluster.props.Configuration?.ExecuteCommandConfiguration;
    return configuration ? [{
      logStreamArn: exampleArn('logs', `log-group:${configuration.LogConfiguration.CloudWatchLogGroupName}:log-stream:ecs-execute-command-0123456789abcdef`),
      keyArn: keyArnOf(model, configuration.KmsKeyId),
    }] : [];
  }),
  /** Every ECS service of the tenant. */
  services: (model, { tenant }) => model.resources({ stackName: required(tenant), type: 'AWS::ECS::Service' })
    .map((service) => ({ serviceArn: service.physical.ref as string })),
  /** Every EventBridge rule target with a role: the role, the rule and the target with the action that starts it. */
  ruleTargets: (model, { tenant }) => model.resources({ stackName: required(tenant), type: 'AWS::Events::Rule' }).flatMap((rule) =>
    (rule.props.Targets ?? []).filter((target: any) => target.RoleArn).map((target: any) => ({
      ruleArn: exampleArn('events', `rule/${rule.physical.ref}`),
      roleArn: target.RoleArn,
      targetArn: target.Arn,
      startAction: startActionOf(target.Arn),
    }))),
  /** Every load balancer's access-log objects, from its attributes. */
  loadBalancerAccessLogs: (model) => model.resources({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' }).flatMap((loadBalancer) => {
    const attributes = Object.fromEntries((loadBalancer.props.LoadBalancerAttributes ?? [])
      .map((attribute: any) => [attribute.Key, attribute.Value]));
    if (attributes['access_logs.s3.enabled'] !== 'true') {
      return [];
    }
    const prefix = attributes['access_logs.s3.prefix'] ? `${attributes['access_logs.s3.prefix']}/` : '';
    return [{
      logObjectArn: `arn:${EXAMPLE.partition}:s3:::${attributes['access_logs.s3.bucket']}/${prefix}AWSLogs/${EXAMPLE.account}/elasticloadbalancing/${EXAMPLE.region}/2026/01/01/example.log.gz`,
    }];
  }),
  /** Every bucket with server access logging: the log object S3 writes, and the bucket it logs. */
  serverAccessLogs: (model) => model.resources({ type: 'AWS::S3::Bucket' }).flatMap((bucket) => {
    const logging = bucket.props.LoggingConfiguration;
    return logging?.DestinationBucketName ? [{
      sourceBucketArn: bucket.physical.attributes.Arn as string,
      logObjectArn: `arn:${EXAMPLE.partition}:s3:::${logging.DestinationBucketName}/${logging.LogFilePrefix ?? ''}2026-01-01-00-00-00-EXAMPLE`,
    }] : [];
  }),
  /** Every log group encrypted with a KMS key, with its ARN as CloudWatch Logs puts it in the encryption context. */
  encryptedLogGroups: (model) => model.resources({ type: 'AWS::Logs::LogGroup' }).filter((group) => group.props.KmsKeyId).map((group) => ({
    logGroupArn: exampleArn('logs', `log-group:${group.physical.ref}`),
    keyArn: keyArnOf(model, group.props.KmsKeyId),
  })),
  /** Every flow log that delivers to CloudWatch Logs: the role it assumes and a stream of its log group. */
  flowLogs: (model) => model.resources({ type: 'AWS::EC2::FlowLog' }).filter((flowLog) => flowLog.props.DeliverLogsPermissionArn).map((flowLog) => ({
    roleArn: flowLog.props.DeliverLogsPermissionArn,
    logStreamArn: exampleArn('logs', `log-group:${flowLog.props.LogGroupName}:log-stream:eni-0123456789abcdef0-all`),
  })),
  /** Every backup selection of the tenant: its role, and the key of the vault of its plan. */
  backupSelections: (model, { tenant }) => model.resources({ stackName: required(tenant), type: 'AWS::Backup::BackupSelection' }).flatMap((selection) =>
    model.resources({ stackName: required(tenant), type: 'AWS::Backup::BackupVault' }).map((vault) => ({
      roleArn: selection.props.BackupSelection.IamRoleArn,
      keyArn: keyArnOf(model, vault.props.EncryptionKeyArn),
    }))),
  /** The services that create grants on the tenant's key for the stores it encrypts. */
  grantingServices: (model, { tenant }) => {
    const types: { [type: string]: string } = {
      'AWS::RDS::DBInstance': 'rds',
      'AWS::EFS::FileSystem': 'elasticfilesystem',
      'AWS::ElastiCache::ReplicationGroup': 'elasticache',
      'AWS::SecretsManager::Secret': 'secretsmanager',
    };
    return Object.entries(types)
      .filter(([type]) => model.resources({ stackName: required(tenant), type }).length > 0)
      .map(([, service]) => ({ service }));
  },
  /** The CDK bootstrap roles the deploy role may assume, as its policy names them. */
  bootstrapRoles: () => ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((role) => ({
    roleArn: `arn:${EXAMPLE.partition}:iam::${EXAMPLE.account}:role/cdk-hnb659fds-${role}-role-${EXAMPLE.account}-${EXAMPLE.region}`,
  })),
};

function taskSecrets(model: CloudModel, stackName: string): SourceItem[] {
  return unique(containers(model, stackName).flatMap(({ taskDefinition, container }) => (container.Secrets ?? []).map((secret: any) => {
    // A JSON key of a secret is `<secret ARN>:<json key>:<version stage>:<version id>`.
    const secretArn = String(secret.ValueFrom).split(':').slice(0, 7).join(':');
    const resource = find(model, 'AWS::SecretsManager::Secret', (candidate) => candidate.physical.ref === secretArn);
    return { executionRoleArn: taskDefinition.props.ExecutionRoleArn, secretArn, keyArn: keyArnOf(model, resource.props.KmsKeyId) };
  })));
}

function containers(model: CloudModel, stackName: string): Array<{ taskDefinition: ModelResource; container: any }> {
  return model.resources({ stackName, type: 'AWS::ECS::TaskDefinition' })
    .flatMap((taskDefinition) => (taskDefinition.props.ContainerDefinitions ?? []).map((container: any) => ({ taskDefinition, container })));
}

/** A key's ARN from a key id, key ARN or alias the templates give. */
function keyArnOf(model: CloudModel, key: string | undefined): string {
  if (!key) {
    throw new Error('a resource the proofs expected to be encrypted names no KMS key');
  }
  const resource = model.resources({ type: 'AWS::KMS::Key' }).find((candidate) => candidate.physical.ref === key || candidate.physical.attributes.Arn === key);
  return resource ? resource.physical.attributes.Arn as string : key;
}

function startActionOf(targetArn: string): string {
  const service = targetArn.split(':')[2];
  const actions: { [service: string]: string } = { states: 'states:StartExecution', lambda: 'lambda:InvokeFunction', ecs: 'ecs:RunTask', sns: 'sns:Publish' };
  return actions[service] ?? `${service}:unknown-target-action`;
}

function find(model: CloudModel, type: string, predicate: (resource: ModelResource) => boolean): ModelResource {
  const found = model.resources({ type }).find(predicate);
  if (!found) {
    throw new Error(`no ${type} matches in the templates`);
  }
  return found;
}

function required(stackName: string | undefined): string {
  if (!stackName) {
    throw new Error('a tenant source was used in an environment entry');
  }
  return stackName;
}

function unique(items: SourceItem[]): SourceItem[] {
  const seen = new Map(items.map((item) => [JSON.stringify(item), item]));
  return [...seen.values()];
}
