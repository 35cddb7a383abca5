/**
 * The catalogue of runtime interactions the platform relies on, and of those it must refuse, as data. Nothing here
 * names a physical resource: every principal, resource and context value is a placeholder the proofs resolve in the
 * synthesized templates, so the catalogue follows the code instead of drifting from it.
 *
 * Placeholders (in `principal`, `resource`, `context` and `resourcePolicyOf`):
 * - `{base:<LogicalIdPrefix>}` / `{tenant:...}` / `{other:...}`: `Ref` of the resource whose logical id is the prefix
 *   plus CDK's hash, in the environment's stack, the tenant's stack, or another tenant's stack;
 *   `{tenant:<LogicalIdPrefix>.<Attribute>}`: its `Fn::GetAtt`; `{base:<LogicalIdPrefix>[ECS::Cluster]}` when resources of
 *   several types share the prefix.
 * - `{item.<field>}`: a field of the item the entry's `each` source found in the templates (see interaction-sources.ts).
 * - `{account}`, `{region}`, `{partition}`: the example environment; `{foreignAccount}`: an account that is not it.
 */

/** Where an entry applies: once per environment, once per tenant, or once per ordered pair of distinct tenants. */
export type InteractionScope = 'environment' | 'tenant' | 'tenantPair';

/** What the templates must decide for every request of an entry. */
export type Expectation = 'Allow' | 'Deny';

/** One call to AWS. Each action is a request of its own. */
export interface RequestSpec {
  readonly principal: string;
  readonly actions: string[];
  readonly resource: string;
  readonly context?: { readonly [key: string]: string };
  /** The principal's identity policy is not in the templates (AWS managed, another account's): why it allows. */
  readonly identityOutsideTemplates?: string;
  /** The resource whose policy governs the request, when it is not the resource itself (recovery points). */
  readonly resourcePolicyOf?: string;
  /** A resource policy that exists outside the templates (the CDK bootstrap roles' trust), with where it comes from. */
  readonly resourcePolicyOutsideTemplates?: { readonly source: string; readonly statement: { readonly [key: string]: unknown } };
}

/** One interaction of the catalogue. */
export interface InteractionSpec {
  /** Stable id, used by the docs and the mutation proofs. */
  readonly id: string;
  readonly title: string;
  readonly scope: InteractionScope;
  /** Repeats the entry for each item of this source (interaction-sources.ts); an entry without items proves nothing. */
  readonly each?: string;
  /** Whether an app may legitimately have no item for `each` (a demo without ECR images has no image pulls). */
  readonly optional?: boolean;
  readonly expect: Expectation;
  readonly requests: RequestSpec[];
}

const TLS_OFF = { 'aws:SecureTransport': 'false' };
const FROM_ALARM = { 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{item.alarmArn}' };
const VIA_SECRETS_MANAGER = { 'kms:ViaService': 'secretsmanager.{region}.amazonaws.com' };
const VIA_S3 = { 'kms:ViaService': 's3.{region}.amazonaws.com' };
const ON_CLUSTER = { 'ecs:cluster': '{base:BaseCluster[ECS::Cluster].Arn}' };
const TO_ECS_TASKS = { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' };
/** Where the placement function of the checked apps' environment (`dev`) keeps its claims. */
const PLACEMENT_CLAIMS = 'arn:{partition}:ssm:{region}:{account}:parameter/mate/dev/tenant-placement';
/** The subject GitHub puts in the OIDC token of a workflow of the main branch of the apps' repository. */
const MAIN_BRANCH = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:sociant/mate-app:ref:refs/heads/main' };
const GITHUB_PROVIDER = 'arn:{partition}:iam::{account}:oidc-provider/token.actions.githubusercontent.com';
/** The CDK bootstrap template (modern bootstrap, qualifier hnb659fds) lets its account assume its roles. */
const BOOTSTRAP_TRUST = {
  source: 'the CDK bootstrap template: the bootstrap roles trust their account',
  statement: { Effect: 'Allow', Principal: { AWS: 'arn:{partition}:iam::{account}:root' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' },
};
const CFN_EXEC_ROLE = 'arn:{partition}:iam::{account}:role/cdk-hnb659fds-cfn-exec-role-{account}-{region}';
const OBJECT = '/uploads/report.pdf';

export const INTERACTIONS: InteractionSpec[] = [
  // ---- Alarms ----
  {
    id: 'alarm-publishes-to-topic',
    title: 'Every CloudWatch alarm publishes to its alarm action topic and uses the topic\'s key',
    scope: 'environment',
    each: 'alarmActions',
    expect: 'Allow',
    requests: [
      { principal: 'cloudwatch.amazonaws.com', actions: ['sns:Publish'], resource: '{item.topicArn}', context: FROM_ALARM },
      {
        principal: 'cloudwatch.amazonaws.com',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resource: '{item.topicKeyArn}',
        context: { ...FROM_ALARM, 'kms:EncryptionContext:aws:sns:topicArn': '{item.topicArn}' },
      },
    ],
  },
  {
    id: 'budget-notifies-topic',
    title: 'Every AWS budget notifies its topic and uses the topic\'s key',
    scope: 'environment',
    each: 'budgetNotifications',
    // Every tenant has a budget unless its monthlyBudgetUsd is 0, so every proof app must have some to prove.
    expect: 'Allow',
    requests: [
      { principal: 'budgets.amazonaws.com', actions: ['sns:Publish'], resource: '{item.topicArn}', context: { 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{item.budgetArn}' } },
      {
        principal: 'budgets.amazonaws.com',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resource: '{item.topicKeyArn}',
        context: { 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{item.budgetArn}', 'kms:EncryptionContext:aws:sns:topicArn': '{item.topicArn}' },
      },
    ],
  },
  // ---- Execution role: what ECS does to start a task ----
  {
    id: 'execution-role-reads-secrets',
    title: 'The execution role reads every secret of its task definitions, through the key that encrypts it',
    scope: 'tenant',
    each: 'taskSecrets',
    expect: 'Allow',
    requests: [
      { principal: '{item.executionRoleArn}', actions: ['secretsmanager:GetSecretValue'], resource: '{item.secretArn}' },
      {
        principal: '{item.executionRoleArn}',
        actions: ['kms:Decrypt'],
        resource: '{item.keyArn}',
        context: { ...VIA_SECRETS_MANAGER, 'kms:EncryptionContext:SecretARN': '{item.secretArn}' },
      },
    ],
  },
  {
    id: 'execution-role-writes-logs',
    title: 'The execution role creates log streams and writes events in the log group of every container',
    scope: 'tenant',
    each: 'taskLogGroups',
    expect: 'Allow',
    requests: [
      { principal: '{item.executionRoleArn}', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: '{item.logStreamArn}' },
    ],
  },
  {
    id: 'execution-role-pulls-images',
    title: 'The execution role pulls every image its task definitions take from an ECR repository of the account',
    scope: 'tenant',
    each: 'taskImages',
    optional: true,
    expect: 'Allow',
    requests: [
      { principal: '{item.executionRoleArn}', actions: ['ecr:GetAuthorizationToken'], resource: '*' },
      { principal: '{item.executionRoleArn}', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resource: '{item.repositoryArn}' },
    ],
  },
  {
    id: 'ecs-assumes-task-roles',
    title: 'ECS tasks of this account assume the tenant\'s task role and execution role',
    scope: 'tenant',
    expect: 'Allow',
    requests: ['{tenant:TenantTaskRole.Arn}', '{tenant:TenantServicesExecutionRole.Arn}'].map((role) => ({
      principal: 'ecs-tasks.amazonaws.com',
      actions: ['sts:AssumeRole'],
      resource: role,
      context: { 'aws:SourceAccount': '{account}', 'aws:SourceArn': 'arn:{partition}:ecs:{region}:{account}:task/{base:BaseCluster[ECS::Cluster]}/0123456789abcdef0123456789abcdef' },
    })),
  },
  // ---- Task role: what the containers do ----
  {
    id: 'task-role-uses-own-bucket',
    title: 'The task role lists, reads and writes the objects of its own bucket, with the bucket key',
    scope: 'tenant',
    each: 'kmsBuckets',
    expect: 'Allow',
    requests: [
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['s3:ListBucket'], resource: '{item.bucketArn}' },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resource: `{item.bucketArn}${OBJECT}` },
      {
        principal: '{tenant:TenantTaskRole.Arn}',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resource: '{item.keyArn}',
        context: { ...VIA_S3, 'kms:EncryptionContext:aws:s3:arn': '{item.bucketArn}' },
      },
    ],
  },
  {
    id: 'task-role-mounts-file-system',
    title: 'The task role mounts and writes its file system through its access point, over TLS, with IAM authorization',
    scope: 'tenant',
    each: 'taskFileSystems',
    expect: 'Allow',
    requests: [{
      principal: '{item.taskRoleArn}',
      actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resource: '{item.fileSystemArn}',
      context: { 'elasticfilesystem:AccessPointArn': '{item.accessPointArn}', 'elasticfilesystem:AccessedViaMountTarget': 'true' },
    }],
  },
  {
    id: 'task-role-ecs-exec',
    title: 'ECS Exec: the task role opens SSM channels, logs the session in the exec log group, with the exec key',
    scope: 'tenant',
    each: 'executeCommand',
    expect: 'Allow',
    requests: [
      {
        principal: '{tenant:TenantTaskRole.Arn}',
        actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        resource: '*',
      },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['logs:DescribeLogGroups'], resource: '*' },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: '{item.logStreamArn}' },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: '{item.keyArn}' },
    ],
  },
  // ---- Migrations and rollouts ----
  {
    id: 'migration-runner-runs-migrations',
    title: 'The migration runner runs the migrate task definition, passes exactly its two roles and watches its task',
    scope: 'tenant',
    expect: 'Allow',
    requests: [
      { principal: 'lambda.amazonaws.com', actions: ['sts:AssumeRole'], resource: '{tenant:TenantServicesMigrateOnDeployRole.Arn}' },
      { principal: '{tenant:TenantServicesMigrateOnDeployRole.Arn}', actions: ['ecs:RunTask'], resource: '{tenant:TenantServicesMigrateTaskTaskDefinition}', context: ON_CLUSTER },
      { principal: '{tenant:TenantServicesMigrateOnDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{tenant:TenantTaskRole.Arn}', context: TO_ECS_TASKS },
      { principal: '{tenant:TenantServicesMigrateOnDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{tenant:TenantServicesExecutionRole.Arn}', context: TO_ECS_TASKS },
      {
        principal: '{tenant:TenantServicesMigrateOnDeployRole.Arn}',
        actions: ['ecs:DescribeTasks'],
        resource: 'arn:{partition}:ecs:{region}:{account}:task/{base:BaseCluster[ECS::Cluster]}/0123456789abcdef0123456789abcdef',
        context: ON_CLUSTER,
      },
    ],
  },
  // ---- Tenant placement ----
  {
    id: 'placement-function-claims',
    title: 'The tenant placement function reads the listeners\' rules and keeps its claims below the environment\'s tenant-placement path',
    scope: 'environment',
    expect: 'Allow',
    requests: [
      { principal: 'lambda.amazonaws.com', actions: ['sts:AssumeRole'], resource: '{base:BaseTenantPlacementRole.Arn}' },
      {
        principal: '{base:BaseTenantPlacementRole.Arn}',
        actions: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancers'],
        resource: '*',
      },
      { principal: '{base:BaseTenantPlacementRole.Arn}', actions: ['ssm:GetParametersByPath'], resource: `${PLACEMENT_CLAIMS}/load-balancer-0` },
      {
        principal: '{base:BaseTenantPlacementRole.Arn}',
        actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
        resource: `${PLACEMENT_CLAIMS}/load-balancer-0/slot-0`,
      },
      { principal: '{base:BaseTenantPlacementRole.Arn}', actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'], resource: `${PLACEMENT_CLAIMS}/tenants/demo` },
    ],
  },
  {
    id: 'deny-placement-outside-claims',
    title: 'The tenant placement function cannot write what the base publishes, another environment\'s claims, or a listener rule',
    scope: 'environment',
    expect: 'Deny',
    requests: [
      { principal: '{base:BaseTenantPlacementRole.Arn}', actions: ['ssm:PutParameter', 'ssm:DeleteParameter'], resource: 'arn:{partition}:ssm:{region}:{account}:parameter/mate/dev/tenant-placement-function/arn' },
      { principal: '{base:BaseTenantPlacementRole.Arn}', actions: ['ssm:PutParameter'], resource: 'arn:{partition}:ssm:{region}:{account}:parameter/mate/dev/load-balancer/https-listener-arn' },
      { principal: '{base:BaseTenantPlacementRole.Arn}', actions: ['ssm:PutParameter', 'ssm:GetParameter'], resource: 'arn:{partition}:ssm:{region}:{account}:parameter/mate/prod/tenant-placement/tenants/demo' },
      {
        principal: '{base:BaseTenantPlacementRole.Arn}',
        actions: ['elasticloadbalancing:ModifyRule', 'elasticloadbalancing:DeleteRule'],
        resource: 'arn:{partition}:elasticloadbalancing:{region}:{account}:listener-rule/app/mate-dev/0123456789abcdef/0123456789abcdef/0123456789abcdef',
      },
    ],
  },
  {
    id: 'rollout-updates-services',
    title: 'The rotation-rollout state machine assumes its role and forces a new deployment of each of the tenant\'s services',
    scope: 'tenant',
    each: 'services',
    expect: 'Allow',
    requests: [
      {
        principal: 'states.amazonaws.com',
        actions: ['sts:AssumeRole'],
        resource: '{tenant:TenantServicesRolloutOnRotationStateMachineRole.Arn}',
        context: { 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{tenant:TenantServicesRolloutOnRotationStateMachine}' },
      },
      { principal: '{tenant:TenantServicesRolloutOnRotationStateMachineRole.Arn}', actions: ['ecs:UpdateService'], resource: '{item.serviceArn}' },
    ],
  },
  {
    id: 'eventbridge-starts-targets',
    title: 'EventBridge assumes each rule\'s role and starts the rule\'s target',
    scope: 'tenant',
    each: 'ruleTargets',
    expect: 'Allow',
    requests: [
      { principal: 'events.amazonaws.com', actions: ['sts:AssumeRole'], resource: '{item.roleArn}', context: { 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{item.ruleArn}' } },
      { principal: '{item.roleArn}', actions: ['{item.startAction}'], resource: '{item.targetArn}' },
    ],
  },
  {
    id: 'rotation-function-rotates-password',
    title: 'The rotation function reads, writes and promotes the database secret, through the tenant key',
    scope: 'tenant',
    expect: 'Allow',
    requests: [
      {
        principal: 'arn:{partition}:iam::{account}:role/SecretsManagerRDSPostgreSQLRotationSingleUserRole',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resource: '{tenant:TenantDataDatabaseInstanceSecretAttachment}',
        identityOutsideTemplates: 'the role of AWS\'s serverless application SecretsManagerRDSPostgreSQLRotationSingleUser, scoped by AWS to the secret',
      },
      {
        principal: 'arn:{partition}:iam::{account}:role/SecretsManagerRDSPostgreSQLRotationSingleUserRole',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resource: '{tenant:TenantDataKey.Arn}',
        context: { ...VIA_SECRETS_MANAGER, 'kms:EncryptionContext:SecretARN': '{tenant:TenantDataDatabaseInstanceSecretAttachment}' },
        identityOutsideTemplates: 'the role of AWS\'s serverless application SecretsManagerRDSPostgreSQLRotationSingleUser, which may use the secret\'s key through Secrets Manager',
      },
    ],
  },
  // ---- Service deliveries ----
  {
    id: 'load-balancer-writes-access-logs',
    title: 'Elastic Load Balancing writes each load balancer\'s access logs to its bucket',
    scope: 'environment',
    each: 'loadBalancerAccessLogs',
    expect: 'Allow',
    requests: [
      {
        principal: 'arn:{partition}:iam::127311923021:root',
        actions: ['s3:PutObject'],
        resource: '{item.logObjectArn}',
        identityOutsideTemplates: 'Elastic Load Balancing\'s log-delivery account of us-east-1 (127311923021)',
      },
    ],
  },
  {
    id: 's3-writes-server-access-logs',
    title: 'S3 server access logging writes each bucket\'s logs to its log bucket',
    scope: 'environment',
    each: 'serverAccessLogs',
    expect: 'Allow',
    requests: [
      { principal: 'logging.s3.amazonaws.com', actions: ['s3:PutObject'], resource: '{item.logObjectArn}', context: { 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{item.sourceBucketArn}' } },
    ],
  },
  {
    id: 'flow-logs-write-log-group',
    title: 'VPC Flow Logs assumes its role and writes the flow log records to its log group',
    scope: 'environment',
    each: 'flowLogs',
    expect: 'Allow',
    requests: [
      { principal: 'vpc-flow-logs.amazonaws.com', actions: ['sts:AssumeRole'], resource: '{item.roleArn}' },
      { principal: '{item.roleArn}', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: '{item.logStreamArn}' },
    ],
  },
  {
    id: 'logs-encrypts-log-groups',
    title: 'CloudWatch Logs encrypts and reads every encrypted log group with its key (WAF, flow logs, exec, services, database, cache)',
    scope: 'environment',
    each: 'encryptedLogGroups',
    expect: 'Allow',
    requests: [
      {
        principal: 'logs.{region}.amazonaws.com',
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resource: '{item.keyArn}',
        context: { 'kms:EncryptionContext:aws:logs:arn': '{item.logGroupArn}' },
      },
    ],
  },
  {
    id: 'backup-uses-vault-key',
    title: 'AWS Backup assumes its role and creates grants on the key of the vault and of the backed-up stores',
    scope: 'tenant',
    each: 'backupSelections',
    expect: 'Allow',
    requests: [
      { principal: 'backup.amazonaws.com', actions: ['sts:AssumeRole'], resource: '{item.roleArn}' },
      {
        principal: '{item.roleArn}',
        actions: ['kms:CreateGrant', 'kms:DescribeKey'],
        resource: '{item.keyArn}',
        context: { 'kms:GrantIsForAWSResource': 'true', 'kms:ViaService': 'backup.{region}.amazonaws.com' },
        identityOutsideTemplates: 'the AWS managed policy AWSBackupServiceRolePolicyForBackup',
      },
    ],
  },
  {
    id: 'services-create-grants-on-tenant-key',
    title: 'RDS, EFS, ElastiCache and Secrets Manager create grants on the tenant key for their resources',
    scope: 'tenant',
    each: 'grantingServices',
    expect: 'Allow',
    requests: [{
      principal: CFN_EXEC_ROLE,
      actions: ['kms:CreateGrant'],
      resource: '{tenant:TenantDataKey.Arn}',
      context: { 'kms:GrantIsForAWSResource': 'true', 'kms:ViaService': '{item.service}.{region}.amazonaws.com' },
      identityOutsideTemplates: 'the CDK bootstrap\'s CloudFormation execution role, which deploys the stacks',
    }],
  },
  // ---- Deployments ----
  {
    id: 'github-deploys-environment',
    title: 'GitHub Actions of the main branch assume the deploy role, which assumes the CDK bootstrap roles and pushes images',
    scope: 'environment',
    each: 'bootstrapRoles',
    expect: 'Allow',
    requests: [
      { principal: GITHUB_PROVIDER, actions: ['sts:AssumeRoleWithWebIdentity'], resource: '{base:GitHubDeployRole.Arn}', context: MAIN_BRANCH },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['sts:AssumeRole'], resource: '{item.roleArn}', resourcePolicyOutsideTemplates: BOOTSTRAP_TRUST },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['ecr:GetAuthorizationToken'], resource: '*' },
      {
        principal: '{base:GitHubDeployRole.Arn}',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
        resource: '{base:BaseRepository.Arn}',
      },
    ],
  },
  {
    id: 'github-rolls-out-tenant',
    title: 'The deploy role updates each tenant service, runs its migrations and passes its task roles to ECS',
    scope: 'tenant',
    each: 'services',
    expect: 'Allow',
    requests: [
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['ecs:UpdateService', 'ecs:DescribeServices'], resource: '{item.serviceArn}' },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['ecs:RunTask'], resource: '{tenant:TenantServicesMigrateTaskTaskDefinition}', context: ON_CLUSTER },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{tenant:TenantTaskRole.Arn}', context: TO_ECS_TASKS },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{tenant:TenantServicesExecutionRole.Arn}', context: TO_ECS_TASKS },
    ],
  },

  // ================= Denials =================
  {
    id: 'deny-task-role-other-tenant-data',
    title: 'A tenant\'s task role cannot reach another tenant\'s bucket, objects, key, file system, logs or secrets',
    scope: 'tenantPair',
    expect: 'Deny',
    requests: [
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['s3:ListBucket'], resource: '{other:TenantDataStorageData.Arn}' },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resource: `{other:TenantDataStorageData.Arn}${OBJECT}` },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: '{other:TenantDataKey.Arn}', context: VIA_S3 },
      {
        principal: '{tenant:TenantTaskRole.Arn}',
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        resource: '{other:TenantDataMediaFileSystem.Arn}',
        context: { 'elasticfilesystem:AccessPointArn': '{other:TenantDataMediaFileSystemAccessPoint.Arn}', 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['logs:PutLogEvents'], resource: 'arn:{partition}:logs:{region}:{account}:log-group:{other:TenantServicesDjangoTaskLogs}:log-stream:django/django/0123' },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['secretsmanager:GetSecretValue'], resource: '{other:TenantDataDatabaseInstanceSecretAttachment}' },
    ],
  },
  {
    id: 'deny-execution-role-other-tenant-secrets',
    title: 'A tenant\'s execution role cannot read another tenant\'s secrets, use its key or write its logs',
    scope: 'tenantPair',
    each: 'otherTaskSecrets',
    expect: 'Deny',
    requests: [
      { principal: '{tenant:TenantServicesExecutionRole.Arn}', actions: ['secretsmanager:GetSecretValue'], resource: '{item.secretArn}' },
      {
        principal: '{tenant:TenantServicesExecutionRole.Arn}',
        actions: ['kms:Decrypt'],
        resource: '{item.keyArn}',
        context: { ...VIA_SECRETS_MANAGER, 'kms:EncryptionContext:SecretARN': '{item.secretArn}' },
      },
      { principal: '{tenant:TenantServicesExecutionRole.Arn}', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resource: 'arn:{partition}:logs:{region}:{account}:log-group:{other:TenantServicesDjangoTaskLogs}:log-stream:django/django/0123' },
    ],
  },
  {
    id: 'deny-automation-other-tenant',
    title: 'A tenant\'s migration runner and rollout cannot run, pass or update anything of another tenant',
    scope: 'tenantPair',
    expect: 'Deny',
    requests: [
      { principal: '{tenant:TenantServicesMigrateOnDeployRole.Arn}', actions: ['ecs:RunTask'], resource: '{other:TenantServicesMigrateTaskTaskDefinition}', context: ON_CLUSTER },
      { principal: '{tenant:TenantServicesMigrateOnDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{other:TenantTaskRole.Arn}', context: TO_ECS_TASKS },
      { principal: '{tenant:TenantServicesRolloutOnRotationStateMachineRole.Arn}', actions: ['ecs:UpdateService'], resource: 'arn:{partition}:ecs:{region}:{account}:service/{base:BaseCluster[ECS::Cluster]}/{other:TenantServicesDjangoService.Name}' },
    ],
  },
  {
    id: 'deny-logs-key-for-other-tenant',
    title: 'CloudWatch Logs cannot use a tenant\'s key for another tenant\'s log group',
    scope: 'tenantPair',
    expect: 'Deny',
    requests: [{
      principal: 'logs.{region}.amazonaws.com',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resource: '{tenant:TenantDataKey.Arn}',
      context: { 'kms:EncryptionContext:aws:logs:arn': 'arn:{partition}:logs:{region}:{account}:log-group:{other:TenantServicesDjangoTaskLogs}' },
    }],
  },
  {
    id: 'deny-deploy-role-passes-other-roles',
    title: 'The deploy role cannot pass a role outside the environment\'s task-role path, nor a task role to another service',
    scope: 'tenant',
    expect: 'Deny',
    requests: [
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{tenant:TenantServicesMigrateOnDeployRole.Arn}', context: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{tenant:TenantServicesMigrateOnDeployRole.Arn}', context: TO_ECS_TASKS },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{base:GitHubDeployRole.Arn}', context: TO_ECS_TASKS },
      { principal: '{base:GitHubDeployRole.Arn}', actions: ['iam:PassRole'], resource: '{tenant:TenantTaskRole.Arn}', context: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    ],
  },
  {
    id: 'deny-without-tls',
    title: 'Nobody publishes to the alarm topic, reaches a bucket or mounts a file system without TLS',
    scope: 'tenant',
    expect: 'Deny',
    requests: [
      { principal: 'cloudwatch.amazonaws.com', actions: ['sns:Publish'], resource: '{base:BaseAlarmTopic}', context: { ...TLS_OFF, 'aws:SourceAccount': '{account}', 'aws:SourceArn': 'arn:{partition}:cloudwatch:{region}:{account}:alarm:example' } },
      { principal: '{tenant:TenantTaskRole.Arn}', actions: ['s3:GetObject', 's3:PutObject'], resource: `{tenant:TenantDataStorageData.Arn}${OBJECT}`, context: TLS_OFF },
      { principal: 'arn:{partition}:iam::127311923021:root', actions: ['s3:PutObject'], resource: '{base:BaseIngressAccessLogBucket.Arn}/AWSLogs/{account}/example.log.gz', context: TLS_OFF, identityOutsideTemplates: 'Elastic Load Balancing\'s log-delivery account' },
      {
        principal: 'logging.s3.amazonaws.com',
        actions: ['s3:PutObject'],
        resource: '{tenant:TenantDataStorageAccessLogs.Arn}/{tenant:TenantDataStorageData}/example.log',
        context: { ...TLS_OFF, 'aws:SourceAccount': '{account}', 'aws:SourceArn': '{tenant:TenantDataStorageData.Arn}' },
      },
      {
        principal: '{tenant:TenantTaskRole.Arn}',
        actions: ['elasticfilesystem:ClientMount'],
        resource: '{tenant:TenantDataMediaFileSystem.Arn}',
        context: { ...TLS_OFF, 'elasticfilesystem:AccessPointArn': '{tenant:TenantDataMediaFileSystemAccessPoint.Arn}', 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      },
    ],
  },
  {
    id: 'deny-file-system-outside-access-point',
    title: 'Nobody mounts a tenant\'s file system except through its access point',
    scope: 'tenant',
    expect: 'Deny',
    requests: [{
      principal: CFN_EXEC_ROLE,
      actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientRootAccess'],
      resource: '{tenant:TenantDataMediaFileSystem.Arn}',
      context: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      identityOutsideTemplates: 'an administrator of the account',
    }],
  },
  {
    id: 'deny-confused-deputy',
    title: 'Service principals acting for another account, or for no resource of this one, are refused (confused deputy)',
    scope: 'tenant',
    expect: 'Deny',
    requests: [
      { principal: 'cloudwatch.amazonaws.com', actions: ['sns:Publish'], resource: '{base:BaseAlarmTopic}' },
      { principal: 'cloudwatch.amazonaws.com', actions: ['sns:Publish'], resource: '{base:BaseAlarmTopic}', context: { 'aws:SourceAccount': '{foreignAccount}', 'aws:SourceArn': 'arn:{partition}:cloudwatch:{region}:{foreignAccount}:alarm:example' } },
      { principal: 'cloudwatch.amazonaws.com', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resource: '{base:BaseKey.Arn}', context: { 'aws:SourceAccount': '{foreignAccount}' } },
      { principal: 'budgets.amazonaws.com', actions: ['sns:Publish'], resource: '{base:BaseAlarmTopic}', context: { 'aws:SourceAccount': '{foreignAccount}', 'aws:SourceArn': 'arn:{partition}:budgets::{foreignAccount}:budget/example' } },
      { principal: 'budgets.amazonaws.com', actions: ['sns:Publish'], resource: '{base:BaseAlarmTopic}' },
      { principal: 'budgets.amazonaws.com', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resource: '{base:BaseKey.Arn}', context: { 'aws:SourceAccount': '{foreignAccount}' } },
      { principal: 'logging.s3.amazonaws.com', actions: ['s3:PutObject'], resource: '{tenant:TenantDataStorageAccessLogs.Arn}/example.log', context: { 'aws:SourceAccount': '{foreignAccount}', 'aws:SourceArn': 'arn:{partition}:s3:::bucket-of-another-account' } },
      { principal: 'logging.s3.amazonaws.com', actions: ['s3:PutObject'], resource: '{tenant:TenantDataStorageAccessLogs.Arn}/example.log' },
      // The log-delivery principals of load balancers carry no conditions; the object path names the account instead.
      ...['delivery.logs.amazonaws.com', 'logdelivery.elasticloadbalancing.amazonaws.com'].map((principal) => ({
        principal,
        actions: ['s3:PutObject'],
        resource: '{base:BaseIngressAccessLogBucket.Arn}/AWSLogs/{foreignAccount}/elasticloadbalancing/{region}/example.log.gz',
        context: { 'aws:SourceAccount': '{foreignAccount}' },
      })),
      ...['{tenant:TenantTaskRole.Arn}', '{tenant:TenantServicesExecutionRole.Arn}'].map((role) => ({
        principal: 'ecs-tasks.amazonaws.com',
        actions: ['sts:AssumeRole'],
        resource: role,
        context: { 'aws:SourceAccount': '{foreignAccount}', 'aws:SourceArn': 'arn:{partition}:ecs:{region}:{foreignAccount}:task/cluster/0123456789abcdef0123456789abcdef' },
      })),
      {
        principal: 'states.amazonaws.com',
        actions: ['sts:AssumeRole'],
        resource: '{tenant:TenantServicesRolloutOnRotationStateMachineRole.Arn}',
        context: { 'aws:SourceAccount': '{foreignAccount}', 'aws:SourceArn': 'arn:{partition}:states:{region}:{foreignAccount}:stateMachine:example' },
      },
    ],
  },
  {
    id: 'deny-github-other-refs',
    title: 'GitHub Actions of another branch or repository cannot assume the deploy role',
    scope: 'environment',
    expect: 'Deny',
    requests: [
      { principal: GITHUB_PROVIDER, actions: ['sts:AssumeRoleWithWebIdentity'], resource: '{base:GitHubDeployRole.Arn}', context: { ...MAIN_BRANCH, 'token.actions.githubusercontent.com:sub': 'repo:sociant/mate-app:ref:refs/heads/feature' } },
      { principal: GITHUB_PROVIDER, actions: ['sts:AssumeRoleWithWebIdentity'], resource: '{base:GitHubDeployRole.Arn}', context: { ...MAIN_BRANCH, 'token.actions.githubusercontent.com:sub': 'repo:someone/fork:ref:refs/heads/main' } },
    ],
  },
  {
    id: 'deny-recovery-point-deletion',
    title: 'Nobody, not even an administrator, deletes or shortens a recovery point of a tenant\'s vault',
    scope: 'tenant',
    expect: 'Deny',
    requests: [{
      principal: CFN_EXEC_ROLE,
      actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
      resource: 'arn:{partition}:backup:{region}:{account}:recovery-point:0123abcd-0123-abcd-0123-0123456789ab',
      resourcePolicyOf: '{tenant:TenantDataBackupVault.BackupVaultArn}',
      identityOutsideTemplates: 'an administrator of the account',
    }],
  },
  {
    id: 'deny-grants-for-non-aws-resources',
    title: 'Nobody hands a tenant key or the environment key to a principal through a grant',
    scope: 'tenant',
    expect: 'Deny',
    requests: [
      { principal: CFN_EXEC_ROLE, actions: ['kms:CreateGrant'], resource: '{tenant:TenantDataKey.Arn}', context: { 'kms:GrantIsForAWSResource': 'false' }, identityOutsideTemplates: 'an administrator of the account' },
      { principal: CFN_EXEC_ROLE, actions: ['kms:CreateGrant'], resource: '{base:BaseKey.Arn}', context: { 'kms:GrantIsForAWSResource': 'false' }, identityOutsideTemplates: 'an administrator of the account' },
    ],
  },
];
