/**
 * The AWS Control Tower proactive controls (as bundled by @cdklabs/cdk-validator-cfnguard) that the library does not
 * meet on purpose, by rule file name, with the reason. Every other bundled control must pass. docs/security.md's
 * section lists the same rules; test/security/cfn-guard.test.ts checks both, and that each rule still fires without
 * being disabled (a rule that passes comes off this list).
 */
export interface DisabledGuardRule {
  /** The rule file's name without `.guard`, as `disabledRules` takes it. */
  readonly rule: string;
  /** The Control Tower control id. */
  readonly control: string;
  readonly reason: string;
}

export const DISABLED_GUARD_RULES: readonly DisabledGuardRule[] = [
  {
    rule: 'ct-cloudwatch-pr-2',
    control: 'CT.CLOUDWATCH.PR.2',
    reason: 'Log retention of a tenant is a tier setting (Trial one month, Standard three months, Enterprise one year) so that log storage grows with what the tenant pays; the environment\'s own logs (flow logs, WAF, ECS Exec) keep one year by default.',
  },
  {
    rule: 'ct-ecs-pr-2',
    control: 'CT.ECS.PR.2',
    reason: 'The rule accepts only the setting value \'enabled\'; the cluster uses \'enhanced\', Container Insights with enhanced observability, which collects everything \'enabled\' does and more.',
  },
  {
    rule: 'ct-ecs-pr-3',
    control: 'CT.ECS.PR.3',
    reason: 'A container runs as the user its image declares (USER in the Dockerfile): the library cannot know which UID owns the image\'s files and directories, so forcing one would break images built for another. Fargate never runs containers privileged or with host access, and the application contract asks for images with a non-root USER, as the reference app (examples/app) does.',
  },
  {
    rule: 'ct-ecs-pr-6',
    control: 'CT.ECS.PR.6',
    reason: 'Only the Django container has a writable root file system, because ECS Exec, which operators use to run manage.py commands, installs its agent there; the Celery worker, Beat and migration containers are read-only.',
  },
  {
    rule: 'ct-elasticfilesysystem-pr-2',
    control: 'CT.ELASTICFILESYSYSTEM.PR.2', // sic: the bundled rule's spelling of CT.ELASTICFILESYSTEM.PR.2
    reason: 'The rule looks only at EFS\'s automatic backups, which would copy the file system into the account\'s default vault under an AWS-managed key, where deleting the tenant\'s key could not make it unreadable. The tenant\'s own AWS Backup plan backs the file system up daily instead, into the tenant\'s vault, encrypted with the tenant\'s key.',
  },
  {
    rule: 'ct-elasticloadbalancing-pr-5',
    control: 'CT.ELASTICLOADBALANCING.PR.5',
    reason: 'The load balancer has deletion protection unless the environment is disposable (dev, test, sandbox) or loadBalancerDeletionProtection is false; the cdk-nag packs check it per environment, with the acknowledgement only where it is off.',
  },
  {
    rule: 'ct-lambda-pr-3',
    control: 'CT.LAMBDA.PR.3',
    reason: 'The two functions only call AWS APIs: the migration runner (ECS, CloudFormation) and aws-cdk-lib\'s handler that empties the VPC\'s default security group (EC2). Neither reaches anything in the VPC, so a VPC attachment would add network interfaces and their permissions without reducing exposure; the migration task itself runs in the private subnets.',
  },
  {
    rule: 'ct-rds-pr-1',
    control: 'CT.RDS.PR.1',
    reason: 'Multi-AZ is a tier setting: Enterprise runs a synchronous standby, Trial and Standard run single-AZ to keep their cost down and recover from backups; the cdk-nag packs acknowledge it only on tiers without it.',
  },
  {
    rule: 'ct-rds-pr-8',
    control: 'CT.RDS.PR.8',
    reason: 'The rule reads only BackupRetentionPeriod, the point-in-time-recovery window, which Trial keeps at one day by design (Standard 7, Enterprise 14); every tier\'s database is also in the tenant\'s AWS Backup plan, which keeps daily backups 35 days.',
  },
  {
    rule: 'ct-rds-pr-11',
    control: 'CT.RDS.PR.11',
    reason: 'A tenant\'s DBSubnetGroupName is a reference to the stack parameter through which it reads the environment\'s DB subnet group (isolated subnets) from SSM; the rule accepts only a literal name or a DBSubnetGroup of the same template, and the plugin fails while formatting that result. test/tenant/data asserts that the database is in the environment\'s group.',
  },
  {
    rule: 'ct-rds-pr-13',
    control: 'CT.RDS.PR.13',
    reason: 'Deletion protection is a tier setting: Standard and Enterprise have it; Trial leaves it off so that short-lived tenants can be offboarded without a manual step, and CloudFormation still takes a final snapshot before it deletes or replaces any tenant database.',
  },
  {
    rule: 'ct-s3-pr-2',
    control: 'CT.S3.PR.2',
    reason: 'The buckets it flags are the access-log buckets themselves (the load balancer\'s and each tenant\'s); logging access to a log bucket needs another log bucket, and that one another.',
  },
  {
    rule: 'ct-s3-pr-9',
    control: 'CT.S3.PR.9',
    reason: 'Object Lock makes objects undeletable for a retention period: the application must be able to delete its files (users\' deletions, erasure requests) and the log buckets expire their logs by lifecycle rule. Versioning, a 90-day noncurrent-version retention and buckets retained on stack deletion protect against accidental loss instead.',
  },
  {
    rule: 'ct-s3-pr-10',
    control: 'CT.S3.PR.10',
    reason: 'The buckets it flags are the access-log buckets: Elastic Load Balancing and S3 server access logging deliver only to buckets encrypted with S3-managed keys. Tenant data buckets use the tenant\'s KMS key.',
  },
];
