/**
 * Instance class families on which RDS for PostgreSQL runs single DB instances (current generations), from the AWS
 * "Supported DB engines for DB instance classes" table. Families missing here do not run PostgreSQL (db.x1, db.x1e
 * and db.z1d serve Oracle and SQL Server; db.c6gd serves Multi-AZ DB clusters only; db.serverless is Aurora only),
 * are previous generations that current PostgreSQL versions no longer accept (db.t2, db.m4, db.r4), or are families
 * whose PostgreSQL support we could not confirm; the error lists this set so the fix is obvious.
 */
export const POSTGRES_INSTANCE_FAMILIES: readonly string[] = [
  't3', 't4g',
  'm5', 'm5d', 'm6g', 'm6gd', 'm6i', 'm6id', 'm6idn', 'm6in', 'm7g', 'm7i', 'm8g',
  'r5', 'r5b', 'r5d', 'r6g', 'r6gd', 'r6i', 'r6id', 'r6idn', 'r6in', 'r7g', 'r7i', 'r8g',
  'x2g',
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
