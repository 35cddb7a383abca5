import { Lazy, Token } from 'aws-cdk-lib';
import { TenantTier, type TenantTierConfig } from '../../src';
import { editDistance, POSTGRES_INSTANCE_CLASSES, VALKEY_NODE_TYPES } from '../../src/tiers/offered-classes';

const VALID: TenantTierConfig = TenantTier.STANDARD.config;

function customWith(changes: Partial<TenantTierConfig>, name = 'custom'): () => TenantTier {
  return () => TenantTier.custom(name, { ...VALID, ...changes });
}

describe('tier validation', () => {
  test.each([
    ['is empty', ''],
    ['has upper-case letters', 'Gold'],
    ['starts with a digit', '1gold'],
    ['ends with a hyphen', 'gold-'],
    ['has an underscore', 'gold_plus'],
    ['is longer than 32 characters', 'a'.repeat(33)],
  ])('fails when the name %s', (_case, name) => {
    expect(customWith({}, name)).toThrow(
      `name '${name}' must be 1 to 32 lower-case letters, digits or hyphens, starting with a letter (it becomes the 'mate:tier' cost-allocation tag)`,
    );
  });

  test('accepts a 32-character name and a one-letter name', () => {
    expect(customWith({}, 'a'.repeat(32))).not.toThrow();
    expect(customWith({}, 'g')).not.toThrow();
  });

  test.each(['t4g.micro', 'db.t4g', 'cache.t4g.micro', 'db.T4G.micro', 'db..micro'])(
    'fails when databaseInstanceClass is %p',
    (databaseInstanceClass) => {
      expect(customWith({ databaseInstanceClass })).toThrow(
        `databaseInstanceClass '${databaseInstanceClass}' must be an RDS instance class of the form db.<family>.<size>, for example db.t4g.micro or db.r6g.xlarge`,
      );
    },
  );

  test.each(['t4g.micro', 'cache.t4g', 'db.t4g.micro', 'cache.R7G.large'])('fails when cacheNodeType is %p', (cacheNodeType) => {
    expect(customWith({ cacheNodeType })).toThrow(
      `cacheNodeType '${cacheNodeType}' must be an ElastiCache node type of the form cache.<family>.<size>, for example cache.t4g.micro or cache.r7g.large`,
    );
  });

  test('fails when databaseInstanceClass has a typo in its size, naming the nearest classes RDS offers for PostgreSQL', () => {
    expect(customWith({ databaseInstanceClass: 'db.t4g.mircro' })).toThrow(
      "databaseInstanceClass 'db.t4g.mircro' is not an instance class RDS offers for PostgreSQL; did you mean db.t4g.micro, db.t3.micro, db.t4g.medium? (db.t4g comes in micro, small, medium, large, xlarge, 2xlarge)",
    );
  });

  test('fails when cacheNodeType has a typo in its size, naming the nearest node types ElastiCache offers for Valkey', () => {
    expect(customWith({ cacheNodeType: 'cache.t4g.mirco' })).toThrow(
      "cacheNodeType 'cache.t4g.mirco' is not a node type ElastiCache offers for Valkey replication groups; did you mean cache.t4g.micro, cache.t3.micro, cache.t4g.small? (cache.t4g comes in micro, small, medium)",
    );
  });

  test.each([
    ['db.t4x.micro', /did you mean db\.t4g\.micro, db\.t3\.micro.*the families offered are db\.c6gd, db\.m5, .*db\.t4g, db\.x2g, db\.x2iedn\)$/],
    ['db.x1e.xlarge', /the families offered are db\.c6gd/],
    ['db.z1d.large', /the families offered are db\.c6gd/],
    ['db.r6g.micro', /\(db\.r6g comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge\)$/],
    ['db.t4g.4xlarge', /did you mean db\.t4g\.xlarge, db\.t4g\.2xlarge/],
  ])('fails when databaseInstanceClass %p is not offered for PostgreSQL, whole: family and size', (databaseInstanceClass, detail) => {
    expect(customWith({ databaseInstanceClass })).toThrow(new RegExp(`databaseInstanceClass '${databaseInstanceClass.replace(/\./g, '\\.')}' is not an instance class RDS offers for PostgreSQL; did you mean`));
    expect(customWith({ databaseInstanceClass })).toThrow(detail);
  });

  test.each([
    ['cache.t2.micro', /the families offered are cache\.c7gn, cache\.m5, cache\.m6g, cache\.m7g, cache\.r5, cache\.r6g, cache\.r7g, cache\.t3, cache\.t4g\)$/],
    ['cache.r6gd.xlarge', /did you mean cache\.r6g\.xlarge/],
    ['cache.m4.large', /the families offered are/],
    ['cache.t4g.large', /\(cache\.t4g comes in micro, small, medium\)$/],
  ])('fails when cacheNodeType %p is not offered for Valkey, whole: family and size', (cacheNodeType, detail) => {
    expect(customWith({ cacheNodeType })).toThrow(new RegExp(`cacheNodeType '${cacheNodeType.replace(/\./g, '\\.')}' is not a node type ElastiCache offers for Valkey replication groups; did you mean`));
    expect(customWith({ cacheNodeType })).toThrow(detail);
  });

  test('accepts every instance class and node type offered, and the presets\' own', () => {
    for (const databaseInstanceClass of POSTGRES_INSTANCE_CLASSES.names) {
      expect(customWith({ databaseInstanceClass })).not.toThrow();
    }
    for (const cacheNodeType of VALKEY_NODE_TYPES.names) {
      expect(customWith({ cacheNodeType })).not.toThrow();
    }
    for (const tier of [TenantTier.TRIAL, TenantTier.STANDARD, TenantTier.ENTERPRISE]) {
      expect(POSTGRES_INSTANCE_CLASSES.offers(tier.config.databaseInstanceClass)).toBe(true);
      expect(VALKEY_NODE_TYPES.offers(tier.config.cacheNodeType)).toBe(true);
    }
  });

  test('measures names by edit distance', () => {
    expect(editDistance('db.t4g.mircro', 'db.t4g.micro')).toBe(1);
    expect(editDistance('cache.t4g.mirco', 'cache.t4g.micro')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  test('fails with one error naming every fault of a custom tier with three: database class, node type and task size', () => {
    expect(customWith({ databaseInstanceClass: 'db.t4g.mircro', cacheNodeType: 'cache.t4g.mirco', cpu: 256, memoryMiB: 4096 }, 'gold')).toThrow(
      "Invalid tenant tier 'gold':\n"
      + "  - databaseInstanceClass 'db.t4g.mircro' is not an instance class RDS offers for PostgreSQL; did you mean db.t4g.micro, db.t3.micro, db.t4g.medium? (db.t4g comes in micro, small, medium, large, xlarge, 2xlarge)\n"
      + "  - cacheNodeType 'cache.t4g.mirco' is not a node type ElastiCache offers for Valkey replication groups; did you mean cache.t4g.micro, cache.t3.micro, cache.t4g.small? (cache.t4g comes in micro, small, medium)\n"
      + '  - memoryMiB 4096 is not accepted by Fargate with cpu 256; use 512, 1024, 2048',
    );
  });

  test.each([128, 300, 1000, 32768])('fails when cpu is %p, listing the Fargate CPU values', (cpu) => {
    expect(customWith({ cpu })).toThrow(`cpu ${cpu} is not a Fargate CPU value; use one of 256, 512, 1024, 2048, 4096, 8192, 16384`);
  });

  test.each([
    [256, 4096, '512, 1024, 2048'],
    [512, 512, '1024 to 4096 in steps of 1024'],
    [1024, 1536, '2048 to 8192 in steps of 1024'],
    [2048, 2048, '4096 to 16384 in steps of 1024'],
    [4096, 31744, '8192 to 30720 in steps of 1024'],
    [8192, 18432, '16384 to 61440 in steps of 4096'],
    [16384, 36864, '32768 to 122880 in steps of 8192'],
  ])('fails when cpu %p has memoryMiB %p, listing the memory Fargate accepts with it', (cpu, memoryMiB, accepted) => {
    expect(customWith({ cpu, memoryMiB })).toThrow(`memoryMiB ${memoryMiB} is not accepted by Fargate with cpu ${cpu}; use ${accepted}`);
  });

  test.each([
    [256, 512], [256, 2048], [512, 4096], [1024, 8192], [4096, 30720], [8192, 61440], [16384, 122880],
  ])('accepts the Fargate size %p CPU / %p MiB', (cpu, memoryMiB) => {
    expect(customWith({ cpu, memoryMiB })).not.toThrow();
  });

  test.each([20, 65537, 100.5])('fails when databaseMaxAllocatedStorageGiB is %p', (databaseMaxAllocatedStorageGiB) => {
    expect(customWith({ databaseMaxAllocatedStorageGiB })).toThrow(
      `databaseMaxAllocatedStorageGiB ${databaseMaxAllocatedStorageGiB} must be a whole number of GiB from 21 to 65536: storage autoscales from the starting allocation (at least 20 GiB) up to this bound`,
    );
  });

  test.each([0, 36, 1.5])('fails when databaseBackupRetentionDays is %p', (databaseBackupRetentionDays) => {
    expect(customWith({ databaseBackupRetentionDays })).toThrow(
      `databaseBackupRetentionDays ${databaseBackupRetentionDays} must be a whole number of days from 1 to 35 (automated backups cannot be turned off)`,
    );
  });

  test.each([-1, 6, 0.5])('fails when cacheReplicas is %p', (cacheReplicas) => {
    expect(customWith({ cacheReplicas })).toThrow(`cacheReplicas ${cacheReplicas} must be a whole number from 0 to 5`);
  });

  test('fails when cacheAutomaticFailover is on without a replica', () => {
    expect(customWith({ cacheAutomaticFailover: true, cacheReplicas: 0 })).toThrow(
      'cacheAutomaticFailover needs cacheReplicas of at least 1: set cacheReplicas to 1 or more, or cacheAutomaticFailover to false',
    );
  });

  test.each([-1, 36, 2.5])('fails when cacheSnapshotRetentionDays is %p', (cacheSnapshotRetentionDays) => {
    expect(customWith({ cacheSnapshotRetentionDays })).toThrow(
      `cacheSnapshotRetentionDays ${cacheSnapshotRetentionDays} must be a whole number of days from 0 (no snapshots) to 35`,
    );
  });

  test.each([0, 1001, 1.5])('fails when minTasks is %p', (minTasks) => {
    expect(customWith({ minTasks, maxTasks: 1000 })).toThrow(`minTasks ${minTasks} must be a whole number from 1 to 1000`);
  });

  test.each([
    [2, 1],
    [1, 1001],
    [1, 2.5],
  ])('fails when minTasks is %p and maxTasks is %p', (minTasks, maxTasks) => {
    expect(customWith({ minTasks, maxTasks })).toThrow(`maxTasks ${maxTasks} must be a whole number from minTasks (${minTasks}) to 1000`);
  });

  test('accepts maxTasks equal to minTasks', () => {
    expect(customWith({ minTasks: 3, maxTasks: 3 })).not.toThrow();
  });

  test('fails with one error listing every problem', () => {
    expect(customWith({ cpu: 300, cacheReplicas: 9, minTasks: 0 }, 'Bad Name')).toThrow(
      "Invalid tenant tier 'Bad Name':\n"
      + "  - name 'Bad Name' must be 1 to 32 lower-case letters, digits or hyphens, starting with a letter (it becomes the 'mate:tier' cost-allocation tag)\n"
      + '  - cpu 300 is not a Fargate CPU value; use one of 256, 512, 1024, 2048, 4096, 8192, 16384\n'
      + '  - cacheReplicas 9 must be a whole number from 0 to 5\n'
      + '  - minTasks 0 must be a whole number from 1 to 1000',
    );
  });

  test('leaves values that are unresolved tokens to deploy time', () => {
    const token = (value: number) => Token.asNumber(Lazy.number({ produce: () => value }));

    const tier = TenantTier.custom('tokens', {
      ...VALID,
      databaseInstanceClass: Lazy.string({ produce: () => 'db.t4g.small' }),
      cpu: token(512),
      memoryMiB: token(1024),
      databaseBackupRetentionDays: token(7),
      minTasks: token(1),
      maxTasks: token(2),
    });

    expect(Token.isUnresolved(tier.config.cpu)).toBe(true);
  });
});
