/**
 * The database instance classes and cache node types a tier may name, whole (family and size), so that a typo such
 * as `db.t4g.mircro` fails at synth with the nearest valid names instead of at deployment, after other resources of
 * the tenant exist.
 *
 * Source: the orderable-options data AWS publishes (`aws rds describe-orderable-db-instance-options`,
 * `aws elasticache describe-reserved-cache-nodes-offerings`), as shipped with cfn-lint 1.51 in
 * `cfnlint/data/schemas/extensions/aws_rds_dbinstance/db_instance_class.json` (engine `postgres`, versions 18.x, the
 * major version tenants run) and `aws_elasticache_cachecluster/cachenodetype_enum.json` (the union over Regions),
 * limited for ElastiCache to the current-generation families Valkey runs without data tiering. A class is listed when
 * some Region offers it; whether the environment's Region does is left to the deployment. Update with new
 * generations as AWS adds them.
 */

/**
 * Instance classes RDS offers for PostgreSQL 18, by family. Families missing here do not run RDS for PostgreSQL:
 * db.x1, db.x1e and db.z1d serve Oracle and SQL Server, db.serverless is Aurora only, and previous generations
 * (db.t2, db.m4, db.r4) are not offered for current PostgreSQL versions.
 */
const POSTGRES_CLASS_SIZES: { readonly [family: string]: readonly string[] } = {
  c6gd: ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  m5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  m5d: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  m6g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  m6gd: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  m6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  m6id: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  m6idn: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  m6in: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  m7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  m7i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  m8g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  m8gd: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  r5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  r5b: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  r5d: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  r6g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r6gd: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  r6id: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  r6idn: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  r6in: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  r7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r7i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  r8g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  r8gd: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  t3: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  t4g: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  x2g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  x2iedn: ['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge', '24xlarge', '32xlarge'],
};

/**
 * Node types ElastiCache offers for Valkey replication groups, by family (current generations). Previous generations
 * (cache.t2, cache.m4, cache.r4 and older) are not offered for Valkey, and cache.r6gd nodes only run with data
 * tiering, which a tenant cache does not use.
 */
const CACHE_NODE_SIZES: { readonly [family: string]: readonly string[] } = {
  c7gn: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  m5: ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  m6g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  m7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r5: ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'],
  r6g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  t3: ['micro', 'small', 'medium'],
  t4g: ['micro', 'small', 'medium'],
};

/** A set of offered names of one kind: `db` instance classes or `cache` node types. */
export class OfferedClasses {
  public readonly names: readonly string[];
  public readonly families: readonly string[];

  constructor(public readonly prefix: string, private readonly sizes: { readonly [family: string]: readonly string[] }) {
    this.families = Object.keys(sizes).map((family) => `${prefix}.${family}`);
    this.names = Object.entries(sizes).flatMap(([family, familySizes]) => familySizes.map((size) => `${prefix}.${family}.${size}`));
  }

  public offers(name: string): boolean {
    return this.names.includes(name);
  }

  /** The sizes offered in the family of `name` (`db.t4g.mircro` -> micro, small, ...), or none when the family is not. */
  public sizesOfFamily(name: string): readonly string[] {
    return this.sizes[name.split('.')[1] ?? ''] ?? [];
  }

  /** The `count` offered names nearest to `name` by edit distance, nearest first. */
  public nearest(name: string, count = 3): string[] {
    return this.names
      .map((candidate, index) => ({ candidate, index, distance: editDistance(name, candidate) }))
      .sort((a, b) => a.distance - b.distance || a.index - b.index)
      .slice(0, count)
      .map(({ candidate }) => candidate);
  }
}

/** Instance classes RDS offers for PostgreSQL 18 (see the file's documentation for the source). */
export const POSTGRES_INSTANCE_CLASSES = new OfferedClasses('db', POSTGRES_CLASS_SIZES);

/** Node types ElastiCache offers for Valkey replication groups (see the file's documentation for the source). */
export const VALKEY_NODE_TYPES = new OfferedClasses('cache', CACHE_NODE_SIZES);

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
