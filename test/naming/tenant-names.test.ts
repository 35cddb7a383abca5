import { NAME_LIMITS, TenantNames } from '../../src/naming';

describe('TenantNames', () => {
  const names = new TenantNames('mate', 'dev', 'demo');

  describe('the seed\'s names for tenant demo in environment dev', () => {
    test.each([
      ['name stem', names.stem, 'mate-demo-dev'],
      ['ECS cluster (the seed\'s --cluster mate-dev)', names.environmentNames.cluster, 'mate-dev'],
      ['Django service (the seed\'s --services mate-demo-dev-django)', names.service('django'), 'mate-demo-dev-django'],
      ['Celery worker service', names.service('celery'), 'mate-demo-dev-celery'],
      ['Celery Beat service', names.service('beat'), 'mate-demo-dev-beat'],
      ['Django log group (the seed\'s aws logs tail /ecs/mate-demo-dev/django)', names.logGroup('django'), '/ecs/mate-demo-dev/django'],
      ['Celery log group', names.logGroup('celery'), '/ecs/mate-demo-dev/celery'],
      ['Beat log group', names.logGroup('beat'), '/ecs/mate-demo-dev/beat'],
      ['migration log group', names.logGroup('migrate'), '/ecs/mate-demo-dev/migrate'],
      ['migration task family', names.migrateFamily, 'mate-demo-dev-migrate'],
      ['data bucket (the seed\'s mate-demo-dev-data)', names.bucket, 'mate-demo-dev-data'],
      ['access-log bucket', names.accessLogBucket, 'mate-demo-dev-access-logs'],
      ['KMS key alias', names.keyAlias, 'alias/mate-demo-dev'],
      ['EFS file system', names.fileSystem, 'mate-demo-dev-media'],
      ['RDS log group', names.databaseLogGroup('postgresql'), '/aws/rds/instance/mate-demo-dev/postgresql'],
      ['ElastiCache log group', names.cacheLogGroup('slow-log'), '/aws/vendedlogs/elasticache/mate-demo-dev/slow-log'],
      ['target group', names.targetGroup, 'mate-demo-dev'],
      ['Redis replication group', names.cacheReplicationGroupId, 'mate-demo-dev'],
      ['RDS instance', names.databaseInstanceIdentifier, 'mate-demo-dev'],
      ['dashboard', names.dashboard, 'mate-demo-dev'],
      ['secret', names.secret('django-secret-key'), 'mate/dev/demo/django-secret-key'],
    ])('%s', (_thing, actual, expected) => {
      expect(actual).toBe(expected);
    });
  });

  test('follows the prefix', () => {
    const acme = new TenantNames('acme', 'prod', 'demo');

    expect([acme.service('django'), acme.logGroup('django'), acme.bucket]).toEqual(['acme-demo-prod-django', '/ecs/acme-demo-prod/django', 'acme-demo-prod-data']);
  });

  test('has no problems with a valid tenant id', () => {
    expect(names.problems()).toEqual([]);
  });

  test.each(['Demo', 'demo_1', '-demo', 'demo-', 'de--mo', '1demo', ''])('fails when the tenant id is %p', (tenantId) => {
    expect(new TenantNames('mate', 'dev', tenantId).problems()).toEqual([
      `tenantId '${tenantId}' must be a lower-case DNS label: 1 to 63 letters, digits and single hyphens, starting with a letter and ending with a letter or digit (for example 'demo')`,
    ]);
  });

  describe('maxTenantIdLength()', () => {
    test.each([
      // The target group name, <prefix>-<tenant>-<env> within 32 characters, is the tightest limit.
      ['mate', 'dev', 23],
      ['mate', 'staging', 19],
      ['acme-saas', 'prod', 17],
    ])('with prefix %p and environment %p is %p', (prefix, environment, expected) => {
      expect(new TenantNames(prefix, environment, 'demo').maxTenantIdLength()).toBe(expected);
      expect(new TenantNames(prefix, environment, 'a-much-longer-tenant').maxTenantIdLength()).toBe(expected);
    });

    test('is the length at which every name still fits', () => {
      const longest = new TenantNames('mate', 'dev', 't'.repeat(names.maxTenantIdLength()));

      expect(longest.targetGroup).toHaveLength(NAME_LIMITS.targetGroup);
      expect(longest.problems()).toEqual([]);
    });
  });

  test('fails when the tenant id is one character too long, naming the name, the limit and the longest tenant id', () => {
    const tenantId = 't'.repeat(24);

    expect(new TenantNames('mate', 'dev', tenantId).problems()).toEqual([
      `the target group name 'mate-${tenantId}-dev' is 33 characters; AWS allows 32. Shorten tenantId (or the base's prefix or environment) by at least 1 characters`,
      "with prefix 'mate' and environment 'dev', tenantId may be at most 23 characters",
    ]);
  });

  test('fails when the tenant id overflows several names, listing each', () => {
    const problems = new TenantNames('mate', 'dev', 't'.repeat(55)).problems();

    expect(problems.map((problem) => problem.split(' name ')[0])).toEqual(expect.arrayContaining([
      'the S3 bucket',
      'the target group',
      'the ElastiCache replication group',
      'the RDS instance',
    ]));
    expect(problems[problems.length - 1]).toBe("with prefix 'mate' and environment 'dev', tenantId may be at most 23 characters");
  });

  test('checks the tightest AWS limits the design names', () => {
    expect(NAME_LIMITS.targetGroup).toBe(32);
    expect(NAME_LIMITS.loadBalancer).toBe(32);
    expect(NAME_LIMITS.cacheReplicationGroupId).toBe(40);
    expect(NAME_LIMITS.s3Bucket).toBe(63);
    expect(NAME_LIMITS.databaseInstanceIdentifier).toBe(63);
  });
});
