/**
 * Instance class families on which RDS offers PostgreSQL 18 DB instances, from the orderable-options data AWS
 * publishes (as shipped with cfn-lint). Families missing here do not run RDS for PostgreSQL: db.x1, db.x1e and
 * db.z1d serve Oracle and SQL Server, db.serverless is Aurora only, and previous generations (db.t2, db.m4, db.r4)
 * are not offered for current PostgreSQL versions.
 */
export const POSTGRES_INSTANCE_FAMILIES: readonly string[] = [
  't3', 't4g',
  'm5', 'm5d', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in', 'm7g', 'm7i', 'm8g', 'm8gd',
  'r5', 'r5b', 'r5d', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in', 'r7g', 'r7i', 'r8g', 'r8gd',
  'c6gd', 'x2g', 'x2iedn',
];

/**
 * Node type families ElastiCache offers for Valkey replication groups (current generations). Previous generations
 * (cache.t2, cache.m4, cache.r4 and older) are not offered for Valkey, and cache.r6gd nodes only run with data
 * tiering, which a tenant cache does not use.
 */
export const CACHE_NODE_FAMILIES: readonly string[] = [
  't3', 't4g',
  'm5', 'm6g', 'm7g',
  'r5', 'r6g', 'r7g',
  'c7gn',
];

/** The family of `db.r6g.xlarge` or `cache.r7g.large`: `r6g`. */
export function familyOf(instanceClassOrNodeType: string): string {
  return instanceClassOrNodeType.split('.')[1] ?? '';
}
