import { Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { changesAnything, dataLosses, deployment, type TenantChange } from './replacement-safety';
import { TenantTier } from '../../src/tiers';
import { FLAG_CONTEXTS } from '../lifecycle/flag-contexts';

const STANDARD = TenantTier.STANDARD;

/** Every tenant prop a user is likely to change after go-live, and a change of it. */
const TENANT_CHANGES: Array<[string, TenantChange]> = [
  ['tier to Trial', { tier: TenantTier.TRIAL }],
  ['tier to Enterprise', { tier: TenantTier.ENTERPRISE }],
  ['tier to a custom one: larger database and cache classes', { tier: STANDARD.derive('bigger', { databaseInstanceClass: 'db.r6g.large', cacheNodeType: 'cache.r7g.large' }) }],
  ['tier to a custom one: task size', { tier: STANDARD.derive('wider', { cpu: 1024, memoryMiB: 4096 }) }],
  ['tier to a custom one: storage ceiling and backup retention', { tier: STANDARD.derive('longer', { databaseMaxAllocatedStorageGiB: 500, databaseBackupRetentionDays: 30 }) }],
  ['tier to a custom one: Multi-AZ database', { tier: STANDARD.derive('standby', { databaseMultiAz: true }) }],
  ['tier to a custom one: no deletion protection', { tier: STANDARD.derive('disposable', { deletionProtection: false }) }],
  ['tier to a custom one: cache replicas with failover', { tier: STANDARD.derive('failover', { cacheReplicas: 2, cacheAutomaticFailover: true }) }],
  ['tier to a custom one: cache snapshots', { tier: STANDARD.derive('snapshots', { cacheSnapshotRetentionDays: 21 }) }],
  ['tier to a custom one: scaling range', { tier: STANDARD.derive('scaled', { minTasks: 4, maxTasks: 12 }) }],
  ['tier to a custom one: log retention', { tier: STANDARD.derive('logged', { logRetention: logs.RetentionDays.TWO_YEARS }) }],
  ['tier to a custom one: workers on demand', { tier: STANDARD.derive('steady', { workersOnSpot: false }) }],
  ['image tag', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/sociant/mate:1.1.0') }],
  ['image to the environment\'s repository', (stack) => ({ image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repository', 'mate-dev'), '2.0.0') })],
  ['cpuArchitecture', { cpuArchitecture: ecs.CpuArchitecture.X86_64 }],
  ['celeryApp', { celeryApp: 'platform' }],
  ['djangoSettingsModule', { djangoSettingsModule: 'mate.settings.production' }],
  ['djangoCommand', { djangoCommand: ['gunicorn', 'mate.wsgi:application', '--bind', '0.0.0.0:8000', '--workers', '4'] }],
  ['celeryCommand', { celeryCommand: ['celery', '-A', 'mate', 'worker', '--concurrency', '4'] }],
  ['beatCommand', { beatCommand: ['celery', '-A', 'mate', 'beat', '--scheduler', 'django_celery_beat.schedulers:DatabaseScheduler'] }],
  ['migrateCommand', { migrateCommand: ['python', 'manage.py', 'migrate', '--noinput', '--verbosity', '2'] }],
  ['containerEnvironment', { containerEnvironment: { SENTRY_ENVIRONMENT: 'production', FEATURE_FLAGS: 'new-ui' } }],
  ['containerSecrets', (stack) => ({ containerSecrets: { SENTRY_DSN: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Sentry', 'mate/dev/demo/sentry')) } })],
  ['readonlyRootFilesystem', { readonlyRootFilesystem: false }],
  ['additionalHostNames', { additionalHostNames: ['app.customer.example', 'www.customer.example'] }],
  ['healthCheckPath', { healthCheckPath: '/healthz/' }],
  ['deregistrationDelay and slowStart', { deregistrationDelay: Duration.seconds(120), slowStart: Duration.seconds(90) }],
  ['listenerRulePriority', { listenerRulePriority: 4242 }],
  ['the scaling targets', { targetCpuUtilizationPercent: 50, targetMemoryUtilizationPercent: 60, targetRequestsPerTask: 500 }],
  ['migrateOnDeploy', { migrateOnDeploy: false }],
  ['alarmThresholds', { alarmThresholds: { http5xxRatePercent: 5, p99Latency: Duration.seconds(4), databaseCpuPercent: 90, notRunningMinutes: 30 } }],
  ['monitoring', { monitoring: false }],
  ['databaseAllocatedStorageGiB, growing', { databaseAllocatedStorageGiB: 40 }],
];

describe('changing a tenant after go-live', () => {
  const before = deployment();

  test.each(TENANT_CHANGES)('(%s) replaces or removes no database, cache, bucket, file system, key, secret or vault', (_change, change) => {
    const after = deployment({}, change);
    expect(changesAnything(before, after)).toBe(true);
    expect(dataLosses(before, after)).toEqual([]);
  });

  test.each([
    ['databaseName', { databaseName: 'platform' }, /MateTenant-demo-dev TenantDataDatabaseInstance\w+ \(AWS::RDS::DBInstance\): WILL_REPLACE/],
    ['dedicatedKey', { dedicatedKey: false }, /MateTenant-demo-dev TenantDataKey\w+ \(AWS::KMS::Key\): WILL_DESTROY/],
  ])('reports the loss a change of %s would cause, which the props documentation warns of', (_prop, change, loss) => {
    expect(dataLosses(before, deployment({}, change))).toContainEqual(expect.stringMatching(loss));
  });
});

describe.each(FLAG_CONTEXTS.slice(1))('changing a tenant\'s tier after go-live, in an app with %s', (_flags, context) => {
  const before = deployment({}, {}, context);

  test.each(TENANT_CHANGES.filter(([change]) => change.startsWith('tier')))('(%s) replaces or removes no database, cache, bucket, file system, key, secret or vault', (_change, change) => {
    const after = deployment({}, change, context);
    expect(changesAnything(before, after)).toBe(true);
    expect(dataLosses(before, after)).toEqual([]);
  });
});
