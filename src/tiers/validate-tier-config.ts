import { Token } from 'aws-cdk-lib';
import { describeMemoryValues, fargateCpuValues, fargateMemoryValuesFor } from './fargate-sizes';
import { POSTGRES_INSTANCE_CLASSES, VALKEY_NODE_TYPES, type OfferedClasses } from './offered-classes';
import type { TenantTierConfig } from './tenant-tier-config';

const TIER_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
const DATABASE_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const CACHE_NODE_TYPE = /^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** RDS gp3 storage limits for PostgreSQL, in GiB. */
export const MIN_STORAGE_GIB = 20;
const MAX_STORAGE_GIB = 65536;

/**
 * Every problem with a tier's name and configuration, each naming the field and what it accepts.
 * Values that are unresolved tokens are not checked.
 */
export function tierConfigProblems(name: string, config: TenantTierConfig): string[] {
  const problems: string[] = [];
  const known = (value: unknown) => !Token.isUnresolved(value);

  if (known(name) && !TIER_NAME.test(name)) {
    problems.push(`name '${name}' must be 1 to 32 lower-case letters, digits or hyphens, starting with a letter (it becomes the 'mate:tier' cost-allocation tag)`);
  }
  if (known(config.databaseInstanceClass)) {
    if (!DATABASE_INSTANCE_CLASS.test(config.databaseInstanceClass)) {
      problems.push(`databaseInstanceClass '${config.databaseInstanceClass}' must be an RDS instance class of the form db.<family>.<size>, for example db.t4g.micro or db.r6g.xlarge`);
    } else if (!POSTGRES_INSTANCE_CLASSES.offers(config.databaseInstanceClass)) {
      problems.push(notOffered('databaseInstanceClass', config.databaseInstanceClass, 'an instance class RDS offers for PostgreSQL', POSTGRES_INSTANCE_CLASSES));
    }
  }
  if (known(config.cacheNodeType)) {
    if (!CACHE_NODE_TYPE.test(config.cacheNodeType)) {
      problems.push(`cacheNodeType '${config.cacheNodeType}' must be an ElastiCache node type of the form cache.<family>.<size>, for example cache.t4g.micro or cache.r7g.large`);
    } else if (!VALKEY_NODE_TYPES.offers(config.cacheNodeType)) {
      problems.push(notOffered('cacheNodeType', config.cacheNodeType, 'a node type ElastiCache offers for Valkey replication groups', VALKEY_NODE_TYPES));
    }
  }
  problems.push(...fargateSizeProblems(config.cpu, config.memoryMiB));

  if (known(config.databaseMaxAllocatedStorageGiB) && !isIntegerIn(config.databaseMaxAllocatedStorageGiB, MIN_STORAGE_GIB + 1, MAX_STORAGE_GIB)) {
    problems.push(`databaseMaxAllocatedStorageGiB ${config.databaseMaxAllocatedStorageGiB} must be a whole number of GiB from ${MIN_STORAGE_GIB + 1} to ${MAX_STORAGE_GIB}: storage autoscales from the starting allocation (at least ${MIN_STORAGE_GIB} GiB) up to this bound`);
  }
  if (known(config.databaseBackupRetentionDays) && !isIntegerIn(config.databaseBackupRetentionDays, 1, 35)) {
    problems.push(`databaseBackupRetentionDays ${config.databaseBackupRetentionDays} must be a whole number of days from 1 to 35 (automated backups cannot be turned off)`);
  }
  if (known(config.cacheReplicas) && !isIntegerIn(config.cacheReplicas, 0, 5)) {
    problems.push(`cacheReplicas ${config.cacheReplicas} must be a whole number from 0 to 5`);
  }
  if (config.cacheAutomaticFailover && known(config.cacheReplicas) && config.cacheReplicas < 1) {
    problems.push('cacheAutomaticFailover needs cacheReplicas of at least 1: set cacheReplicas to 1 or more, or cacheAutomaticFailover to false');
  }
  if (known(config.cacheSnapshotRetentionDays) && !isIntegerIn(config.cacheSnapshotRetentionDays, 0, 35)) {
    problems.push(`cacheSnapshotRetentionDays ${config.cacheSnapshotRetentionDays} must be a whole number of days from 0 (no snapshots) to 35`);
  }
  if (known(config.minTasks) && !isIntegerIn(config.minTasks, 1, 1000)) {
    problems.push(`minTasks ${config.minTasks} must be a whole number from 1 to 1000`);
  }
  if (known(config.maxTasks) && known(config.minTasks) && !isIntegerIn(config.maxTasks, Math.max(config.minTasks, 1), 1000)) {
    problems.push(`maxTasks ${config.maxTasks} must be a whole number from minTasks (${config.minTasks}) to 1000`);
  }
  return problems;
}

/** Why `value` of `field` is not offered, with the nearest offered names and what its family (or the engine) offers. */
function notOffered(field: string, value: string, what: string, offered: OfferedClasses): string {
  const sizes = offered.sizesOfFamily(value);
  const family = value.split('.').slice(0, 2).join('.');
  const offeredHere = sizes.length > 0
    ? `${family} comes in ${sizes.join(', ')}`
    : `the families offered are ${offered.families.join(', ')}`;
  return `${field} '${value}' is not ${what}; did you mean ${offered.nearest(value).join(', ')}? (${offeredHere})`;
}

function fargateSizeProblems(cpu: number, memoryMiB: number): string[] {
  if (Token.isUnresolved(cpu) || Token.isUnresolved(memoryMiB)) {
    return [];
  }
  const memoryValues = fargateMemoryValuesFor(cpu);
  if (memoryValues.length === 0) {
    return [`cpu ${cpu} is not a Fargate CPU value; use one of ${fargateCpuValues().join(', ')}`];
  }
  if (!memoryValues.includes(memoryMiB)) {
    return [`memoryMiB ${memoryMiB} is not accepted by Fargate with cpu ${cpu}; use ${describeMemoryValues(memoryValues)}`];
  }
  return [];
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
