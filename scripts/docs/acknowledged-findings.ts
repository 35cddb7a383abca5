/**
 * What docs/security.md says about each finding the library acknowledges: where, in words a reader understands, and
 * why. The generator (generate-tables.ts) takes the rules, packs and construct paths from the acknowledgements of the
 * checked apps themselves and matches each to exactly one entry here by rule and construct path; an acknowledgement
 * no entry matches, or an entry that no longer matches anything, stops the generator with the entry to add or remove.
 */
export interface DocumentedAcknowledgement {
  /**
   * The rules, as docs/security.md names them: AwsSolutions rules by their full id (`AwsSolutions-EC23`), the rules of
   * the HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 packs by the name they share (`S3BucketLoggingEnabled`;
   * the packs are rendered from the acknowledgements), aws-cdk-lib's template validation by its check (`W3010`).
   */
  readonly rules: readonly string[];
  /** Matches the construct path below the stack, for example `Base/Ingress/SecurityGroup` (`''` is the stack). */
  readonly at: RegExp;
  readonly where: string;
  readonly reason: string;
}

export const DOCUMENTED_ACKNOWLEDGEMENTS: readonly DocumentedAcknowledgement[] = [
  {
    rules: ['AwsSolutions-EC23'],
    at: /\/Ingress\/SecurityGroup$/,
    where: 'the load balancer\'s security group',
    reason: 'a public SaaS must accept HTTPS (and HTTP, only redirected) from any address; WAF filters the traffic',
  },
  {
    rules: ['ELBDeletionProtectionEnabled'],
    at: /\/Ingress\/LoadBalancer\d*$/,
    where: 'the load balancer, only in `dev`, `test`, `sandbox` or with `loadBalancerDeletionProtection: false`',
    reason: 'disposable environments; every other environment keeps deletion protection on',
  },
  {
    rules: ['ELBv2ACMCertificateRequired'],
    at: /\/Ingress\/LoadBalancer\d*\/Http$/,
    where: 'the HTTP listener',
    reason: 'it serves nothing: every request gets a permanent redirect to HTTPS',
  },
  {
    rules: ['VPCNoUnrestrictedRouteToIGW'],
    at: /\/Vpc\/PublicSubnet\d+$/,
    where: 'the public subnets',
    reason: 'only the load balancer and the NAT gateways live there, and they need the internet gateway',
  },
  {
    rules: ['S3DefaultEncryptionKMS'],
    at: /\/(Ingress\/AccessLogBucket|Storage\/AccessLogs)$/,
    where: 'the load balancer\'s and each tenant\'s access-log bucket',
    reason: 'Elastic Load Balancing and S3 server access logging deliver only to buckets with S3-managed keys',
  },
  {
    rules: ['AwsSolutions-S1', 'S3BucketLoggingEnabled'],
    at: /\/(Ingress\/AccessLogBucket|Storage\/AccessLogs)$/,
    where: 'the same access-log buckets',
    reason: 'they are the log destinations; logging them needs another log bucket, and that one another',
  },
  {
    rules: ['S3BucketReplicationEnabled'],
    at: /\/(Ingress\/AccessLogBucket|Storage\/AccessLogs|Storage\/Data)$/,
    where: 'the access-log buckets, each tenant\'s data bucket',
    reason: 'replication to another Region is the operator\'s disaster-recovery decision; in the Region the buckets are versioned and retained',
  },
  {
    rules: ['AwsSolutions-IAM4'],
    at: /\/Database\/Instance$/,
    where: 'the database\'s enhanced-monitoring role',
    reason: '`AmazonRDSEnhancedMonitoringRole` is AWS\'s policy for exactly that role: writing OS metrics to `RDSOSMetrics`',
  },
  {
    rules: ['AwsSolutions-IAM4'],
    at: /\/Backup\/Plan\/DataStores$/,
    where: 'the backup selection\'s role',
    reason: '`AWSBackupServiceRolePolicyForBackup` is AWS\'s policy for the role AWS Backup assumes; no restore permissions',
  },
  {
    rules: ['AwsSolutions-IAM5'],
    at: /./,
    where: 'the tenant roles\' policies, the deploy role, the rollout state machine role, the tenant placement function\'s role',
    reason: 'exactly the wildcards in the intended-wildcards table above, the S3 object wildcard on the tenant\'s own bucket and the deploy role\'s environment-scoped wildcards, each on the policy that holds it',
  },
  {
    rules: ['AwsSolutions-RDS3', 'RDSMultiAZSupport'],
    at: /\/Database\/Instance$/,
    where: 'the database, on tiers without `databaseMultiAz` (Trial, Standard)',
    reason: 'cost; a failed instance is replaced on its storage, data restorable from automated backups or the daily AWS Backup backups',
  },
  {
    rules: ['AwsSolutions-RDS10', 'RDSInstanceDeletionProtectionEnabled'],
    at: /\/Database\/Instance$/,
    where: 'the database, on tiers without `deletionProtection` (Trial)',
    reason: 'short-lived tenants offboard without a manual step; a final snapshot is still taken on deletion or replacement',
  },
  {
    rules: ['AwsSolutions-AEC4'],
    at: /\/Cache\/ReplicationGroup$/,
    where: 'the cache, on tiers without `cacheAutomaticFailover` (Trial, Standard)',
    reason: 'cost; a lost node loses only cached values and queued tasks, which the application recreates',
  },
  {
    rules: ['ElastiCacheRedisClusterAutomaticBackup'],
    at: /\/Cache\/ReplicationGroup$/,
    where: 'the cache, on tiers keeping snapshots fewer than 15 days (all presets)',
    reason: 'the cache holds cached values and the Celery queue, not records; a final snapshot is taken on deletion or replacement',
  },
  {
    rules: ['AwsSolutions-SMG4', 'SecretsManagerRotationEnabled'],
    at: /\/Cache\/AuthToken$/,
    where: 'the cache AUTH token',
    reason: 'changing it is a two-step ElastiCache operation (ROTATE, then SET) with a redeployment in between: an operator procedure',
  },
  {
    rules: ['AwsSolutions-SMG4', 'SecretsManagerRotationEnabled'],
    at: /\/DjangoSecretKey$/,
    where: 'Django\'s `SECRET_KEY`',
    reason: 'a scheduled rotation would log every user out; Django rotates it deliberately with `SECRET_KEY_FALLBACKS`',
  },
  {
    rules: ['AwsSolutions-ECS2'],
    at: /\/TaskDefinition$/,
    where: 'the tenant\'s task definitions',
    reason: 'the plain variables are the documented application contract; credentials come through ECS secrets, and `containerEnvironment` rejects credential-like names',
  },
  {
    rules: ['LambdaInsideVPC', 'LambdaConcurrency', 'LambdaDLQ'],
    at: /\/MigrateOnDeploy\/Function$/,
    where: 'the migration runner',
    reason: 'it calls only AWS APIs; it runs once per deployment, with retries off so migrations never run twice',
  },
  {
    rules: ['LambdaInsideVPC', 'LambdaConcurrency', 'LambdaDLQ'],
    at: /^Base\/TenantPlacement\/Function$/,
    where: 'the environment\'s tenant placement function',
    reason: 'it calls only AWS APIs; reserving concurrency would fail in accounts with the default quota of 10, and it needs none: each claim is an atomic create, so concurrent placements never collide',
  },
  {
    rules: ['IAMNoInlinePolicy'],
    at: /\/RolloutOnRotation\//,
    where: 'the rollout state machine\'s role and its EventBridge role',
    reason: 'each policy names only this tenant\'s three services or state machine',
  },
  {
    rules: ['F3002', 'F3003'],
    at: /\/Vpc\/FlowLog$/,
    where: 'the VPC flow log (acknowledged by aws-cdk-lib itself, for its template validation)',
    reason: 'aws-cdk-lib writes `DestinationOptions` in camelCase, which CloudFormation accepts although its schema lists PascalCase',
  },
  {
    rules: ['W3010'],
    at: /^$/,
    where: 'stacks with an explicit account and Region (acknowledged by aws-cdk-lib itself, for its template validation)',
    reason: 'their Availability Zones are written literally, as recorded by CDK\'s context lookup; that pins the zones on purpose',
  },
];
