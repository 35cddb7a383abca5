import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MateBaseInfra, type IMateBase, type MateBaseImportOptions, type MateBaseInfraProps } from '../../src/base';
import { MateGitHubDeployRole, type MateGitHubDeployRoleProps } from '../../src/deployment';
import { MateTenant, type MateTenantProps } from '../../src/tenant';
import { TenantTier, type TenantTierConfig, type TenantTierOverrides } from '../../src/tiers';
import { CERTIFICATE_ARN } from '../fixtures';

const SRC = path.join(__dirname, '..', '..', 'src');

/** A base of environment `dev` in a stack of its own, in a new app unless `stack` is given. */
function newBase(props: Partial<MateBaseInfraProps> = {}, stack = new Stack(new App(), 'MateBase-dev')): MateBaseInfra {
  return new MateBaseInfra(stack, `Base${stack.node.children.length}`, {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, `Certificate${stack.node.children.length}`, CERTIFICATE_ARN),
    ...props,
  });
}

/** Tenant `demo` (Standard) on `base`, in a stack of its own. */
function newTenant(props: Partial<MateTenantProps> = {}, base: IMateBase = newBase()): MateTenant {
  const tenantId = props.tenantId ?? 'demo';
  const stackId = Token.isUnresolved(tenantId) ? 'token' : tenantId;
  const stack = new Stack(base.node.root, `MateTenant-${stackId}-${base.node.root.node.children.length}`);
  return new MateTenant(stack, 'Tenant', {
    base,
    tenantId,
    tier: TenantTier.STANDARD,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/sociant/mate:1.0.0'),
    ...props,
  });
}

/** A tier that differs from Standard by `overrides`. */
function tier(overrides: TenantTierOverrides): TenantTier {
  return TenantTier.STANDARD.derive('custom', overrides);
}

/** An environment imported by name into a new stack. */
function imported(options: MateBaseImportOptions, environment = 'dev'): IMateBase {
  return MateBaseInfra.fromEnvironmentName(new Stack(new App(), 'MateTenant-demo-dev'), 'Base', environment, options);
}

/** A GitHub deploy role for environment `dev`. */
function deployRole(props: Partial<MateGitHubDeployRoleProps>): MateGitHubDeployRole {
  const base = newBase();
  return new MateGitHubDeployRole(base.node.scope!, 'GitHubDeploy', { base, repository: 'sociant/mate-app', ...props });
}

/** A VPC imported with `azs` Availability Zones and the given subnets. */
function importedVpc(azs: string[], subnets: { public: number; private: number; isolated: number }): (stack: Stack) => ec2.IVpc {
  const ids = (kind: string, count: number) => Array.from({ length: count }, (_, index) => `subnet-${kind}${index}`);
  return (stack) => ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678',
    availabilityZones: azs,
    publicSubnetIds: ids('pub', subnets.public),
    privateSubnetIds: ids('prv', subnets.private),
    isolatedSubnetIds: ids('iso', subnets.isolated),
  });
}

/** A base whose props are made in its stack (for a VPC or hosted zone of that stack). */
function newBaseWith(props: (stack: Stack) => Partial<MateBaseInfraProps>): MateBaseInfra {
  const stack = new Stack(new App(), 'MateBase-dev');
  return newBase(props(stack), stack);
}

/** An environment with two load balancers, the first full: 100 tenants. Built once, on first use. */
let fullEnvironment: MateBaseInfra | undefined;
function withFullLoadBalancer(): MateBaseInfra {
  if (!fullEnvironment) {
    fullEnvironment = newBase({ loadBalancers: 2 });
    for (let index = 0; index < 100; index++) {
      newTenant({ tenantId: `full${index}`, listenerRulePriority: index + 1 }, fullEnvironment);
    }
  }
  return fullEnvironment;
}

interface BadInput {
  /** Completes "fails when ...". */
  readonly when: string;
  /** The file whose validation writes the message, below src/. */
  readonly source: string;
  /** A literal part of the message as the source writes it, so the case follows the code it covers. */
  readonly fragment: string;
  readonly act: () => unknown;
  /** The message names the offending prop... */
  readonly prop: RegExp;
  /** ...and says what to do instead. */
  readonly fix: RegExp;
}

const BAD_INPUTS: BadInput[] = [
  // Tiers
  { when: 'a tier name is not a lower-case label', source: 'tiers/validate-tier-config.ts', fragment: 'must be 1 to 32 lower-case letters', act: () => TenantTier.custom('Gold', TenantTier.STANDARD.config), prop: /name 'Gold'/, fix: /1 to 32 lower-case letters, digits or hyphens/ },
  { when: 'a tier\'s databaseInstanceClass is not db.<family>.<size>', source: 'tiers/validate-tier-config.ts', fragment: 'must be an RDS instance class of the form', act: () => tier({ databaseInstanceClass: 't4g.micro' }), prop: /databaseInstanceClass 't4g\.micro'/, fix: /for example db\.t4g\.micro/ },
  { when: 'a tier\'s cacheNodeType is not cache.<family>.<size>', source: 'tiers/validate-tier-config.ts', fragment: 'must be an ElastiCache node type of the form', act: () => tier({ cacheNodeType: 'r7g.large' }), prop: /cacheNodeType 'r7g\.large'/, fix: /for example cache\.t4g\.micro/ },
  { when: 'a tier\'s cpu is no Fargate value', source: 'tiers/validate-tier-config.ts', fragment: 'is not a Fargate CPU value; use one of', act: () => tier({ cpu: 300 }), prop: /cpu 300/, fix: /use one of 256, 512/ },
  { when: 'a tier\'s memoryMiB does not go with its cpu', source: 'tiers/validate-tier-config.ts', fragment: 'is not accepted by Fargate with cpu', act: () => tier({ cpu: 256, memoryMiB: 4096 }), prop: /memoryMiB 4096/, fix: /use 512, 1024/ },
  { when: 'a tier\'s databaseMaxAllocatedStorageGiB leaves no room to grow', source: 'tiers/validate-tier-config.ts', fragment: 'must be a whole number of GiB from', act: () => tier({ databaseMaxAllocatedStorageGiB: 20 }), prop: /databaseMaxAllocatedStorageGiB 20/, fix: /from 21 to 65536/ },
  { when: 'a tier turns database backups off', source: 'tiers/validate-tier-config.ts', fragment: 'must be a whole number of days from 1 to 35', act: () => tier({ databaseBackupRetentionDays: 0 }), prop: /databaseBackupRetentionDays 0/, fix: /from 1 to 35/ },
  { when: 'a tier asks for more cache replicas than ElastiCache allows', source: 'tiers/validate-tier-config.ts', fragment: 'must be a whole number from 0 to 5', act: () => tier({ cacheReplicas: 6 }), prop: /cacheReplicas 6/, fix: /from 0 to 5/ },
  { when: 'a tier fails over without a replica', source: 'tiers/validate-tier-config.ts', fragment: 'cacheAutomaticFailover needs cacheReplicas', act: () => tier({ cacheReplicas: 0, cacheAutomaticFailover: true }), prop: /cacheAutomaticFailover/, fix: /set cacheReplicas to 1 or more, or cacheAutomaticFailover to false/ },
  { when: 'a tier keeps cache snapshots longer than ElastiCache allows', source: 'tiers/validate-tier-config.ts', fragment: 'must be a whole number of days from 0 (no snapshots) to 35', act: () => tier({ cacheSnapshotRetentionDays: 36 }), prop: /cacheSnapshotRetentionDays 36/, fix: /from 0 \(no snapshots\) to 35/ },
  { when: 'a tier runs no task', source: 'tiers/validate-tier-config.ts', fragment: 'must be a whole number from 1 to 1000', act: () => tier({ minTasks: 0 }), prop: /minTasks 0/, fix: /from 1 to 1000/ },
  { when: 'a tier\'s maxTasks is below its minTasks', source: 'tiers/validate-tier-config.ts', fragment: 'must be a whole number from minTasks', act: () => tier({ minTasks: 3, maxTasks: 2 }), prop: /maxTasks 2/, fix: /from minTasks \(3\) to 1000/ },
  { when: 'a tier has several problems: one error lists them all', source: 'tiers/tenant-tier.ts', fragment: 'tenant tier \'', act: () => TenantTier.custom('custom', { ...TenantTier.STANDARD.config, cpu: 300, minTasks: 0 } as TenantTierConfig), prop: /Invalid tenant tier 'custom':\n {2}- cpu 300[^\n]*\n {2}- minTasks 0/, fix: /use one of[\s\S]*from 1 to 1000/ },

  // Tenant data
  { when: 'a tier\'s database class is not offered for PostgreSQL', source: 'tiers/validate-tier-config.ts', fragment: 'an instance class RDS offers for PostgreSQL', act: () => tier({ databaseInstanceClass: 'db.t4g.mircro' }), prop: /databaseInstanceClass 'db\.t4g\.mircro'/, fix: /did you mean db\.t4g\.micro/ },
  { when: 'a tier\'s cache node type is not offered for Valkey', source: 'tiers/validate-tier-config.ts', fragment: 'a node type ElastiCache offers for Valkey', act: () => tier({ cacheNodeType: 'cache.m4.large' }), prop: /cacheNodeType 'cache\.m4\.large'/, fix: /the families offered are cache\.c7gn, cache\.m5/ },
  { when: 'databaseAllocatedStorageGiB is below what gp3 allows', source: 'tenant/data/data-problems.ts', fragment: 'must be a whole number of GiB from', act: () => newTenant({ databaseAllocatedStorageGiB: 10 }), prop: /databaseAllocatedStorageGiB 10/, fix: /from 20 to 65536/ },
  { when: 'databaseAllocatedStorageGiB leaves the tier no room for storage autoscaling', source: 'tenant/data/data-problems.ts', fragment: 'leaves no room for storage autoscaling', act: () => newTenant({ tier: TenantTier.TRIAL, databaseAllocatedStorageGiB: 48 }), prop: /databaseAllocatedStorageGiB 48/, fix: /lower databaseAllocatedStorageGiB to at most 45 or choose a tier/ },
  { when: 'databaseName is no PostgreSQL identifier', source: 'tenant/data/data-problems.ts', fragment: 'must be 1 to 63 letters, digits or underscores', act: () => newTenant({ databaseName: 'mate-app' }), prop: /databaseName 'mate-app'/, fix: /letters, digits or underscores, starting with a letter/ },
  { when: 'databaseName is reserved', source: 'tenant/data/data-problems.ts', fragment: 'is reserved by PostgreSQL or RDS', act: () => newTenant({ databaseName: 'postgres' }), prop: /databaseName 'postgres'/, fix: /choose another name such as 'mate'/ },
  { when: 'the data side is invalid: one error names the tenant', source: 'tenant/mate-tenant.ts', fragment: 'MateTenant \'', act: () => newTenant({ databaseName: 'template1', databaseAllocatedStorageGiB: 5 }), prop: /^Invalid MateTenant 'demo':\n {2}- databaseAllocatedStorageGiB 5[^\n]*\n {2}- databaseName 'template1'/, fix: /from 20 to 65536[\s\S]*choose another name/ },

  // Tenant services
  { when: 'celeryApp is no Python module path', source: 'tenant/services/services-problems.ts', fragment: 'must be a Python module path', act: () => newTenant({ celeryApp: 'mate-app' }), prop: /celeryApp 'mate-app'/, fix: /identifiers separated by dots/ },
  { when: 'djangoSettingsModule is no Python module path', source: 'tenant/services/services-problems.ts', fragment: 'must be a Python module path', act: () => newTenant({ djangoSettingsModule: 'mate/settings' }), prop: /djangoSettingsModule 'mate\/settings'/, fix: /for example 'mate' or 'mate\.settings\.production'/ },
  { when: 'djangoCommand is empty', source: 'tenant/services/services-problems.ts', fragment: 'is empty; give the executable and its arguments', act: () => newTenant({ djangoCommand: [] }), prop: /djangoCommand is empty/, fix: /give the executable and its arguments[^\n]*or leave djangoCommand out/ },
  { when: 'celeryCommand has a blank argument', source: 'tenant/services/services-problems.ts', fragment: 'has empty elements at position', act: () => newTenant({ celeryCommand: ['celery', ' ', 'worker'] }), prop: /celeryCommand has empty elements at position 1/, fix: /remove them/ },
  { when: 'beatCommand is empty', source: 'tenant/services/services-problems.ts', fragment: 'is empty; give the executable and its arguments', act: () => newTenant({ beatCommand: [] }), prop: /beatCommand is empty/, fix: /or leave beatCommand out/ },
  { when: 'migrateCommand has a blank argument', source: 'tenant/services/services-problems.ts', fragment: 'has empty elements at position', act: () => newTenant({ migrateCommand: ['python', '', 'migrate'] }), prop: /migrateCommand has empty elements at position 1/, fix: /remove them/ },
  { when: 'healthCheckPath does not start with a slash', source: 'tenant/services/services-problems.ts', fragment: 'start with \\\'/\\\'', act: () => newTenant({ healthCheckPath: 'health/' }), prop: /healthCheckPath 'health\/'/, fix: /must start with '\/'; for example '\/health\/'/ },
  { when: 'healthCheckPath has a space', source: 'tenant/services/services-problems.ts', fragment: 'contain no spaces', act: () => newTenant({ healthCheckPath: '/health check/' }), prop: /healthCheckPath '\/health check\/'/, fix: /must contain no spaces/ },
  { when: 'healthCheckPath is longer than the load balancer accepts', source: 'tenant/services/services-problems.ts', fragment: 'characters (it is', act: () => newTenant({ healthCheckPath: `/${'h'.repeat(1100)}` }), prop: /healthCheckPath '\/h+\.\.\.'/, fix: /be at most 1024 characters \(it is 1101\)/ },
  { when: 'healthCheckPath has several problems: one message lists them', source: 'tenant/services/services-problems.ts', fragment: '; for example \'/health/\'', act: () => newTenant({ healthCheckPath: 'health check' }), prop: /healthCheckPath 'health check'/, fix: /must start with '\/', contain no spaces; for example '\/health\/'/ },
  { when: 'the tenant\'s own host name is too long for a load balancer rule', source: 'tenant/services/services-problems.ts', fragment: 'Shorten tenantId or the base\'s domainName', act: () => newTenant({}, newBase({ domainName: `${'a'.repeat(60)}.${'b'.repeat(60)}.example.com` })), prop: /the tenant's host name 'demo\.a+/, fix: /Shorten tenantId or the base's domainName/ },
  { when: 'an additional host name is not a host name', source: 'tenant/services/services-problems.ts', fragment: 'is not a valid host name', act: () => newTenant({ additionalHostNames: ['*.customer.com'] }), prop: /additionalHostNames: '\*\.customer\.com'/, fix: /use lower-case DNS labels separated by dots/ },
  { when: 'an additional host name is too long for a load balancer rule', source: 'tenant/services/services-problems.ts', fragment: 'so give a shorter one', act: () => newTenant({ additionalHostNames: [`${'a'.repeat(60)}.${'b'.repeat(60)}.example.com`] }), prop: /additionalHostNames: 'a+\.b+\.example\.com' is 133 characters/, fix: /at most 128, so give a shorter one/ },
  { when: 'additionalHostNames repeats a host name', source: 'tenant/services/services-problems.ts', fragment: 'list every host name once', act: () => newTenant({ additionalHostNames: ['demo.mate.example.com'] }), prop: /additionalHostNames repeats 'demo\.mate\.example\.com'/, fix: /list every host name once and leave out 'demo\.mate\.example\.com'/ },
  { when: 'additionalHostNames has more host names than a rule matches', source: 'tenant/services/services-problems.ts', fragment: 'so give at most', act: () => newTenant({ additionalHostNames: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com'] }), prop: /additionalHostNames has 5 host names/, fix: /so give at most 4/ },
  { when: 'listenerRulePriority is out of range', source: 'tenant/services/services-problems.ts', fragment: 'leave it out to have the environment choose one', act: () => newTenant({ listenerRulePriority: 0 }), prop: /listenerRulePriority 0/, fix: /from 1 to 49900[^\n]*leave it out to have the environment choose one when the tenant first deploys/ },
  { when: 'deregistrationDelay is longer than the load balancer allows', source: 'tenant/services/services-problems.ts', fragment: 'is not accepted by the load balancer; use', act: () => newTenant({ deregistrationDelay: Duration.hours(2) }), prop: /deregistrationDelay of 7200 seconds/, fix: /use from 0 to 3600 seconds/ },
  { when: 'slowStart is shorter than the load balancer allows', source: 'tenant/services/services-problems.ts', fragment: 'or 0 to turn slow start off', act: () => newTenant({ slowStart: Duration.seconds(10) }), prop: /slowStart of 10 seconds/, fix: /use from 30 to 900 seconds, or 0 to turn slow start off/ },
  { when: 'a target utilization leaves autoscaling no room', source: 'tenant/services/services-problems.ts', fragment: 'must be a whole percentage from 10 to 90', act: () => newTenant({ targetMemoryUtilizationPercent: 95 }), prop: /targetMemoryUtilizationPercent 95/, fix: /a whole percentage from 10 to 90/ },
  { when: 'targetRequestsPerTask is zero', source: 'tenant/services/services-problems.ts', fragment: 'requests per minute per task from 1 to 1000000', act: () => newTenant({ targetRequestsPerTask: 0 }), prop: /targetRequestsPerTask 0/, fix: /from 1 to 1000000/ },
  { when: 'a containerEnvironment name is no variable name', source: 'tenant/services/services-problems.ts', fragment: 'is not a valid environment variable name', act: () => newTenant({ containerEnvironment: { '1ST_RUN': 'yes' } }), prop: /containerEnvironment: '1ST_RUN'/, fix: /use letters, digits and underscores, not starting with a digit/ },
  { when: 'containerSecrets sets a variable of the application contract', source: 'tenant/services/services-problems.ts', fragment: 'is set by the application contract; remove it', act: () => newTenant({ containerSecrets: { DATABASE_PASSWORD: ecs.Secret.fromSsmParameter({ parameterArn: 'arn:aws:ssm:us-east-1:123456789012:parameter/x', parameterName: 'x' } as any) } }), prop: /containerSecrets: 'DATABASE_PASSWORD'/, fix: /remove it/ },
  { when: 'containerEnvironment holds something that looks like a credential', source: 'tenant/services/services-problems.ts', fragment: 'looks like a credential', act: () => newTenant({ containerEnvironment: { STRIPE_API_KEY: 'sk_live' } }), prop: /containerEnvironment: 'STRIPE_API_KEY'/, fix: /pass it in containerSecrets/ },
  { when: 'a variable is both plain and secret', source: 'tenant/services/services-problems.ts', fragment: 'keep each variable in one of them', act: () => newTenant({ containerEnvironment: { SENTRY_DSN: 'x' }, containerSecrets: { SENTRY_DSN: ecs.Secret.fromSsmParameter({ parameterArn: 'arn:aws:ssm:us-east-1:123456789012:parameter/x', parameterName: 'x' } as any) } }), prop: /containerEnvironment and containerSecrets both set SENTRY_DSN/, fix: /keep each variable in one of them/ },
  { when: 'two tenants of an environment claim one listener priority', source: 'tenant/services/listener-placement.ts', fragment: 'already uses on the HTTPS listener', act: () => { const base = newBase(); newTenant({ tenantId: 'alpha', listenerRulePriority: 7 }, base); newTenant({ tenantId: 'bravo', listenerRulePriority: 7 }, base); }, prop: /listenerRulePriority: listenerRulePriority is 7, which tenant 'alpha' already uses/, fix: /set listenerRulePriority of tenant 'bravo' to a free number from 1 to 49900/ },
  { when: 'loadBalancerIndex names a second load balancer of an environment that has one', source: 'tenant/services/services-problems.ts', fragment: 'must be 0: the environment has one load balancer', act: () => newTenant({ loadBalancerIndex: 1 }), prop: /loadBalancerIndex 1 must be 0/, fix: /raise the base's loadBalancers first/ },
  { when: 'loadBalancerIndex is past the environment\'s last load balancer', source: 'tenant/services/services-problems.ts', fragment: 'load balancers; raise the base\'s loadBalancers first', act: () => newTenant({ loadBalancerIndex: 3 }, newBase({ loadBalancers: 3 })), prop: /loadBalancerIndex 3 must be a whole number from 0 to 2: the environment has 3 load balancers/, fix: /raise the base's loadBalancers first/ },
  { when: 'loadBalancerIndex is a token', source: 'tenant/services/services-problems.ts', fragment: 'loadBalancerIndex must be a literal number, not a token', act: () => newTenant({ loadBalancerIndex: Token.asNumber(Lazy.number({ produce: () => 0 })) }), prop: /loadBalancerIndex must be a literal number/, fix: /not a token/ },
  { when: 'a tenant is placed on a load balancer that holds 100 tenants', source: 'tenant/services/listener-placement.ts', fragment: 'the most one takes (an Application Load Balancer holds at most', act: () => newTenant({ tenantId: 'late', listenerRulePriority: 101 }, withFullLoadBalancer()), prop: /loadBalancerIndex: load balancer 0 \('mate-dev'\) of environment 'dev' already serves 100 tenants/, fix: /set loadBalancerIndex of tenant 'late' to a load balancer with room \(1: 100 free\)/ },
  { when: 'a tenant cannot be placed for two reasons: one error lists both', source: 'tenant/services/tenant-services.ts', fragment: 'MateTenant \'', act: () => newTenant({ tenantId: 'later', listenerRulePriority: 1 }, withFullLoadBalancer()), prop: /^Invalid MateTenant 'later':\n {2}- loadBalancerIndex: load balancer 0[^\n]*\n {2}- listenerRulePriority: listenerRulePriority is 1, which tenant 'full0' already uses/, fix: /to a load balancer with room[\s\S]*set listenerRulePriority of tenant 'later' to a free number/ },
  { when: 'the service side is invalid: one error lists every problem', source: 'tenant/mate-tenant.ts', fragment: 'MateTenant \'', act: () => newTenant({ healthCheckPath: 'x', targetRequestsPerTask: -1 }), prop: /^Invalid MateTenant 'demo':\n {2}- healthCheckPath 'x'[^\n]*\n {2}- targetRequestsPerTask -1/, fix: /for example '\/health\/'[\s\S]*from 1 to 1000000/ },

  // Tenant identity and monitoring
  { when: 'tenantId is not a lower-case DNS label', source: 'naming/dns-label.ts', fragment: 'must be a lower-case DNS label', act: () => newTenant({ tenantId: 'Demo' }), prop: /tenantId 'Demo'/, fix: /must be a lower-case DNS label[^\n]*for example 'demo'/ },
  { when: 'tenantId is a token', source: 'naming/dns-label.ts', fragment: 'must be a literal string, not a token', act: () => newTenant({ tenantId: Lazy.string({ produce: () => 'demo' }) }), prop: /tenantId must be a literal string/, fix: /not a token/ },
  { when: 'tenantId makes a derived name too long', source: 'naming/name-limits.ts', fragment: 'Shorten ${propsToShorten} by at least', act: () => newTenant({ tenantId: 'a-very-long-tenant-identifier' }), prop: /the target group name 'mate-a-very-long-tenant-identifier-dev' is 38 characters/, fix: /Shorten tenantId \(or the base's prefix or environment\) by at least 6 characters/ },
  { when: 'tenantId is too long: the longest that fits is named', source: 'naming/tenant-names.ts', fragment: 'tenantId may be at most', act: () => newTenant({ tenantId: 'a-very-long-tenant-identifier' }), prop: /tenantId may be at most 23 characters/, fix: /with prefix 'mate' and environment 'dev', tenantId may be at most 23/ },
  { when: 'a tenant is invalid: the error ends with its construct path, which tells apart tenants of one name', source: 'private/problems.ts', fragment: 'Invalid ${subject}', act: () => newTenant({ healthCheckPath: 'x' }), prop: /^Invalid MateTenant 'demo':\n/, fix: /\n {2}\(construct path: [^)]*\/Tenant\)$/ },
  { when: 'a tenant id is used twice in one environment', source: 'tenant/tenant-registry.ts', fragment: 'give each tenant of an environment its own tenantId', act: () => { const base = newBase(); newTenant({}, base); newTenant({}, base); }, prop: /tenantId 'demo' is already used in environment 'dev'/, fix: /give each tenant of an environment its own tenantId/ },
  { when: 'the tenant\'s own props are invalid: one error lists every problem', source: 'tenant/mate-tenant.ts', fragment: 'MateTenant \'', act: () => newTenant({ monitoring: false, alarmThresholds: { databaseCpuPercent: 101 } }), prop: /^Invalid MateTenant 'demo':\n {2}- alarmThresholds is set[^\n]*\n {2}- alarmThresholds\.databaseCpuPercent 101/, fix: /remove alarmThresholds or turn monitoring on[\s\S]*from 1 to 100/ },
  { when: 'alarmThresholds is given without monitoring', source: 'monitoring/alarm-thresholds.ts', fragment: 'remove alarmThresholds or turn monitoring on', act: () => newTenant({ monitoring: false, alarmThresholds: { cacheEvictions: 10 } }), prop: /alarmThresholds is set but monitoring is false/, fix: /remove alarmThresholds or turn monitoring on/ },
  { when: 'a percentage threshold is no percentage', source: 'monitoring/alarm-thresholds.ts', fragment: 'must be ${what} from ${min} to ${max}', act: () => newTenant({ alarmThresholds: { http5xxRatePercent: 0 } }), prop: /alarmThresholds\.http5xxRatePercent 0/, fix: /must be a percentage from 0\.1 to 100/ },
  { when: 'a count threshold is no whole number', source: 'monitoring/alarm-thresholds.ts', fragment: 'must be a whole number ${range}', act: () => newTenant({ alarmThresholds: { notRunningMinutes: 90 } }), prop: /alarmThresholds\.notRunningMinutes 90/, fix: /must be a whole number from 1 to 60/ },
  { when: 'the free-storage threshold is beyond the most storage the database can have', source: 'monitoring/alarm-thresholds.ts', fragment: 'the most storage the database can have', act: () => newTenant({ alarmThresholds: { databaseFreeStorageGiB: 500 } }), prop: /alarmThresholds\.databaseFreeStorageGiB 500/, fix: /must be more than 0 and less than the tier's databaseMaxAllocatedStorageGiB \(200\)/ },
  { when: 'the latency threshold is outside what the load balancer can measure', source: 'monitoring/alarm-thresholds.ts', fragment: 'must be from 100 milliseconds to 60 seconds', act: () => newTenant({ alarmThresholds: { p99Latency: Duration.millis(10) } }), prop: /alarmThresholds\.p99Latency 10 millis/, fix: /must be from 100 milliseconds to 60 seconds/ },

  // The environment
  { when: 'an alarm e-mail is not an address', source: 'base/validate-base-props.ts', fragment: 'is not an e-mail address', act: () => newBase({ alarmEmails: ['oncall'] }), prop: /alarmEmails: 'oncall'/, fix: /give addresses such as 'ops@example\.com'/ },
  { when: 'the base\'s prefix is a token', source: 'base/validate-base-props.ts', fragment: 'prefix must be a literal string, not a token', act: () => newBase({ prefix: Lazy.string({ produce: () => 'mate' }) }), prop: /prefix must be a literal string/, fix: /not a token/ },
  { when: 'the base\'s environment is a token', source: 'base/validate-base-props.ts', fragment: 'environment must be a literal string, not a token', act: () => newBase({ environment: Lazy.string({ produce: () => 'dev' }) }), prop: /environment must be a literal string/, fix: /not a token/ },
  { when: 'the environment name is not a lower-case DNS label', source: 'naming/dns-label.ts', fragment: 'must be a lower-case DNS label', act: () => newBase({ environment: 'Dev' }), prop: /environment 'Dev'/, fix: /must be a lower-case DNS label/ },
  { when: 'the prefix makes an environment name too long', source: 'naming/name-limits.ts', fragment: 'Shorten ${propsToShorten} by at least', act: () => newBase({ prefix: 'a-platform-with-a-long-name', environment: 'staging' }), prop: /the load balancer name 'a-platform-with-a-long-name-staging' is 35 characters/, fix: /Shorten prefix or environment by at least 3 characters/ },
  { when: 'domainName is not a DNS name', source: 'base/validate-base-props.ts', fragment: 'must be a DNS name of dot-separated lower-case labels, at most 253', act: () => newBase({ domainName: 'Mate.Example.com' }), prop: /domainName 'Mate\.Example\.com'/, fix: /such as 'mate\.example\.com'/ },
  { when: 'neither a certificate nor a hosted zone is given', source: 'base/validate-base-props.ts', fragment: 'certificate or hostedZone is required', act: () => newBase({ certificate: undefined }), prop: /certificate or hostedZone is required/, fix: /pass certificate \(an ACM certificate covering \*\.mate\.example\.com\) or hostedZone/ },
  { when: 'the hosted zone cannot hold the domain\'s records', source: 'base/validate-base-props.ts', fragment: 'cannot hold records for domainName', act: () => newBaseWith((stack) => ({ certificate: undefined, hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.org' }) })), prop: /hostedZone 'example\.org' cannot hold records for domainName 'mate\.example\.com'/, fix: /pass the hosted zone of mate\.example\.com or of a parent domain/ },
  { when: 'the hosted zone was imported by id alone', source: 'base/validate-base-props.ts', fragment: 'hostedZone must know its zone name', act: () => newBaseWith((stack) => ({ certificate: undefined, hostedZone: route53.PublicHostedZone.fromHostedZoneId(stack, 'Zone', 'Z1') })), prop: /hostedZone must know its zone name/, fix: /pass HostedZone\.fromHostedZoneAttributes\(\{ hostedZoneId, zoneName \}\) or HostedZone\.fromLookup/ },
  { when: 'a VPC is given together with props that shape the base\'s own VPC', source: 'base/validate-base-props.ts', fragment: 'only shapes the VPC the base creates', act: () => newBaseWith((stack) => ({ vpc: importedVpc(['us-east-1a', 'us-east-1b'], { public: 2, private: 2, isolated: 2 })(stack), vpcCidr: '10.1.0.0/16' })), prop: /vpcCidr only shapes the VPC the base creates/, fix: /remove it, or remove vpc/ },
  { when: 'the given VPC spans one Availability Zone', source: 'base/validate-base-props.ts', fragment: 'use a VPC with subnets in at least', act: () => newBaseWith((stack) => ({ vpc: importedVpc(['us-east-1a'], { public: 1, private: 1, isolated: 1 })(stack) })), prop: /vpc spans 1 Availability Zone/, fix: /use a VPC with subnets in at least 2/ },
  { when: 'the given VPC lacks a subnet of a kind in some zone', source: 'base/validate-base-props.ts', fragment: 'subnet per Availability Zone', act: () => newBaseWith((stack) => ({ vpc: importedVpc(['us-east-1a', 'us-east-1b'], { public: 2, private: 2, isolated: 0 })(stack) })), prop: /vpc must have exactly one isolated subnet per Availability Zone \(2\); it has 0/, fix: /exactly one isolated subnet per Availability Zone/ },
  { when: 'both maxAzs and availabilityZones are given', source: 'base/validate-base-props.ts', fragment: 'give only one of them', act: () => newBase({ maxAzs: 2, availabilityZones: ['us-east-1a', 'us-east-1b'] }), prop: /maxAzs and availabilityZones both choose/, fix: /give only one of them/ },
  { when: 'availabilityZones names a single zone', source: 'base/validate-base-props.ts', fragment: 'must name at least', act: () => newBase({ availabilityZones: ['us-east-1a'] }), prop: /availabilityZones must name at least 2 Availability Zones/, fix: /at least 2/ },
  { when: 'natGateways is zero', source: 'base/validate-base-props.ts', fragment: 'private subnets need a NAT gateway for egress', act: () => newBase({ natGateways: 0 }), prop: /natGateways 0/, fix: /from 1 \(cheapest\) to 2 \(one per Availability Zone, resilient\)/ },
  { when: 'maxAzs is one', source: 'base/validate-base-props.ts', fragment: 'must be a whole number from ${min} to ${max} (${unit})', act: () => newBase({ maxAzs: 1 }), prop: /maxAzs 1/, fix: /must be a whole number from 2 to 6/ },
  { when: 'applicationPort is no TCP port', source: 'base/validate-base-props.ts', fragment: 'must be a whole number from ${min} to ${max} (${unit})', act: () => newBase({ applicationPort: 70000 }), prop: /applicationPort 70000/, fix: /from 1 to 65535 \(a TCP port\)/ },
  { when: 'wafRateLimit is below what WAF accepts', source: 'base/validate-base-props.ts', fragment: 'must be a whole number from ${min} to ${max} (${unit})', act: () => newBase({ wafRateLimit: 5 }), prop: /wafRateLimit 5/, fix: /from 10 to 2000000000/ },
  { when: 'maxImageCount is zero', source: 'base/validate-base-props.ts', fragment: 'must be a whole number from ${min} to ${max} (${unit})', act: () => newBase({ maxImageCount: 0 }), prop: /maxImageCount 0/, fix: /from 1 to 10000/ },
  { when: 'loadBalancers is zero', source: 'base/validate-base-props.ts', fragment: 'so give one per ${TENANTS_PER_LOAD_BALANCER} tenants of the environment', act: () => newBase({ loadBalancers: 0 }), prop: /loadBalancers 0 must be a whole number from 1 to 10/, fix: /each holds 100 tenants, so give one per 100 tenants of the environment/ },
  { when: 'loadBalancers is a token', source: 'base/validate-base-props.ts', fragment: 'loadBalancers must be a literal number, not a token', act: () => newBase({ loadBalancers: Token.asNumber(Lazy.number({ produce: () => 2 })) }), prop: /loadBalancers must be a literal number/, fix: /not a token/ },
  { when: 'the prefix makes the name of the last load balancer too long', source: 'naming/name-limits.ts', fragment: 'Shorten ${propsToShorten} by at least', act: () => newBase({ prefix: 'a-platform-with-a-long-nam', environment: 'dev', loadBalancers: 10 }), prop: /the load balancer name 'a-platform-with-a-long-nam-dev-10' is 33 characters/, fix: /Shorten prefix or environment by at least 1 characters/ },
  { when: 'a stack gets a second environment', source: 'base/mate-base-infra.ts', fragment: 'put each environment in a stack of its own', act: () => { const base = newBase(); newBase({ environment: 'prod' }, base.node.scope as Stack); }, prop: /stack MateBase-dev already holds a MateBaseInfra/, fix: /put each environment in a stack of its own/ },
  { when: 'the environment\'s props are invalid: one error lists every problem', source: 'base/mate-base-infra.ts', fragment: 'MateBaseInfra \'', act: () => newBase({ natGateways: 0, wafRateLimit: 1 }), prop: /^Invalid MateBaseInfra 'dev':\n {2}- natGateways 0[^\n]*\n {2}- wafRateLimit 1/, fix: /one per Availability Zone[\s\S]*from 10 to/ },

  // An environment imported by name
  { when: 'an imported environment is said to span one Availability Zone', source: 'base/imported-mate-base.ts', fragment: 'must be the number of Availability Zones', act: () => imported({ availabilityZoneCount: 1 }), prop: /availabilityZoneCount 1/, fix: /a whole number from 2 to 6/ },
  { when: 'an imported environment\'s domainName is not a DNS name', source: 'base/imported-mate-base.ts', fragment: 'must be a DNS name of dot-separated lower-case labels, such as', act: () => imported({ domainName: 'mate_example' }), prop: /domainName 'mate_example'/, fix: /such as 'mate\.example\.com'/ },
  { when: 'an imported environment\'s applicationPort is no TCP port', source: 'base/validate-base-props.ts', fragment: 'must be a whole number from ${min} to ${max} (${unit})', act: () => imported({ applicationPort: 0 }), prop: /applicationPort 0/, fix: /from 1 to 65535/ },
  { when: 'an imported environment is said to have no load balancer', source: 'base/validate-base-props.ts', fragment: 'so give one per ${TENANTS_PER_LOAD_BALANCER} tenants of the environment', act: () => imported({ loadBalancers: 0 }), prop: /loadBalancers 0 must be a whole number from 1 to 10/, fix: /give one per 100 tenants of the environment/ },
  { when: 'an imported environment is invalid: one error lists every problem', source: 'base/imported-mate-base.ts', fragment: 'MateBaseInfra.fromEnvironmentName(', act: () => imported({ availabilityZoneCount: 7 }, 'Prod'), prop: /^Invalid MateBaseInfra\.fromEnvironmentName\('Prod'\):\n {2}- environment 'Prod'[^\n]*\n {2}- availabilityZoneCount 7/, fix: /lower-case DNS label[\s\S]*from 2 to 6/ },

  // The GitHub deploy role
  { when: 'the deploy role\'s repository is not owner/name', source: 'deployment/deploy-role-problems.ts', fragment: 'must be a GitHub repository as', act: () => deployRole({ repository: 'mate-app' }), prop: /repository 'mate-app'/, fix: /as 'owner\/name' \(for example 'sociant\/mate-app'\)/ },
  { when: 'the deploy role is scoped to both a branch and a GitHub environment', source: 'deployment/deploy-role-problems.ts', fragment: 'scope the role to one of them', act: () => deployRole({ branch: 'main', gitHubEnvironment: 'production' }), prop: /branch and gitHubEnvironment are both set/, fix: /scope the role to one of them/ },
  { when: 'the deploy role\'s branch is a ref or a pattern', source: 'deployment/deploy-role-problems.ts', fragment: 'must be one branch name such as', act: () => deployRole({ branch: 'refs/heads/main' }), prop: /branch 'refs\/heads\/main'/, fix: /one branch name such as 'main', without 'refs\/heads\/'/ },
  { when: 'the deploy role\'s GitHub environment is a pattern', source: 'deployment/deploy-role-problems.ts', fragment: 'must be one GitHub environment name', act: () => deployRole({ gitHubEnvironment: 'prod*' }), prop: /gitHubEnvironment 'prod\*'/, fix: /without wildcards/ },
  { when: 'the bootstrap qualifier is not one cdk bootstrap accepts', source: 'deployment/deploy-role-problems.ts', fragment: 'must be the qualifier given to cdk bootstrap', act: () => deployRole({ cdkBootstrapQualifier: 'qualifier-too-long' }), prop: /cdkBootstrapQualifier 'qualifier-too-long'/, fix: /1 to 10 letters, digits, '_' or '-'/ },
  { when: 'the OIDC provider is not GitHub\'s', source: 'deployment/deploy-role-problems.ts', fragment: 'must be the account\'s provider for', act: () => { const base = newBase(); new MateGitHubDeployRole(base.node.scope!, 'GitHubDeploy', { base, repository: 'sociant/mate-app', openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(base, 'Provider', 'arn:aws:iam::123456789012:oidc-provider/gitlab.com') }); }, prop: /openIdConnectProvider 'arn:aws:iam::123456789012:oidc-provider\/gitlab\.com'/, fix: /ends in ':oidc-provider\/token\.actions\.githubusercontent\.com'/ },
  { when: 'an OIDC provider is passed and also to be created', source: 'deployment/deploy-role-problems.ts', fragment: 'openIdConnectProvider and createOpenIdConnectProvider are both set', act: () => { const base = newBase(); new MateGitHubDeployRole(base.node.scope!, 'GitHubDeploy', { base, repository: 'sociant/mate-app', createOpenIdConnectProvider: true, openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(base, 'Provider', 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com') }); }, prop: /openIdConnectProvider and createOpenIdConnectProvider are both set/, fix: /pass the provider to trust, or create the account's one here, not both/ },
  { when: 'the deploy role\'s name is no IAM role name', source: 'deployment/deploy-role-problems.ts', fragment: 'letters, digits and the characters', act: () => deployRole({ roleName: 'mate dev deploy' }), prop: /roleName 'mate dev deploy'/, fix: /1 to 64 letters, digits and the characters/ },
  { when: 'the deploy role\'s sessions last longer than IAM allows', source: 'deployment/deploy-role-problems.ts', fragment: 'must be from 1 to 12 hours', act: () => deployRole({ maxSessionDuration: Duration.hours(13) }), prop: /maxSessionDuration 13 hours/, fix: /from 1 to 12 hours/ },
  { when: 'the deploy role is invalid: one error lists every problem', source: 'deployment/mate-github-deploy-role.ts', fragment: 'MateGitHubDeployRole \'', act: () => deployRole({ repository: 'x', maxSessionDuration: Duration.minutes(30) }), prop: /^Invalid MateGitHubDeployRole 'GitHubDeploy':\n {2}- repository 'x'[^\n]*\n {2}- maxSessionDuration 30 minutes/, fix: /for example 'sociant\/mate-app'[\s\S]*from 1 to 12 hours/ },
];

/** The message `act` throws. */
function messageOf(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an Error, but nothing was thrown');
}

describe('bad input', () => {
  test.each(BAD_INPUTS.map((input) => [input.when, input]))('fails when %s, naming the prop and the fix', (_when, input) => {
    const message = messageOf(input.act);
    expect(message).toMatch(input.prop);
    expect(message).toMatch(input.fix);
  });
});

/**
 * The lines of src/ that write a validation message: problems pushed as literals, problem lists returned, errors
 * thrown, and message templates mapped or returned by the naming helpers.
 */
const MESSAGE_SITE = /problems\.push\(\s*[`']|return \[`|throw new Error\(|=> `[^`]*\b(must|only shapes|is not)\b|return `[^`]*\b(must be|already uses)\b/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? sourceFiles(path.join(dir, entry.name))
    : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []);
}

describe('the bad-input suite', () => {
  test.each(BAD_INPUTS.map((input) => [input.when, input]))('follows the code: the message of "%s" is in its source', (_when, input) => {
    expect(fs.readFileSync(path.join(SRC, input.source), 'utf8')).toContain(input.fragment);
  });

  test('covers every message the library writes: each message line of src/ holds the fragment of a case', () => {
    const uncovered = sourceFiles(SRC)
      // The migration runner's and the placement function's sources are Lambda code that reports to CloudFormation, not
      // validations (their own tests cover their messages); the cost model, its command and the change preview read
      // synthesized cloud assemblies, not props (test/cost and test/lifecycle cover them).
      .filter((file) => !/(migration-runner|tenant-placement)-source\.ts$/.test(file) && !/\/src\/(cost|cli|preview)\//.test(file))
      .flatMap((file) => {
        const source = path.relative(SRC, file);
        const fragments = BAD_INPUTS.filter((input) => input.source === source).map((input) => input.fragment);
        return fs.readFileSync(file, 'utf8').split('\n')
          .map((line, index) => ({ line, where: `${source}:${index + 1}` }))
          .filter(({ line }) => MESSAGE_SITE.test(line) && !fragments.some((fragment) => line.includes(fragment)))
          .map(({ line, where }) => `${where}: ${line.trim()}`);
      });
    expect(uncovered).toEqual([]);
  });
});
