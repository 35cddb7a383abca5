import { Token } from 'aws-cdk-lib';
import type { TenantTier } from '../../tiers';

/** RDS gp3 storage limits for PostgreSQL, in GiB. */
const MIN_ALLOCATED_STORAGE_GIB = 20;
const MAX_ALLOCATED_STORAGE_GIB = 65536;

/** RDS rejects an autoscaling ceiling less than 10% above the allocated storage. */
const MIN_AUTOSCALING_HEADROOM = 1.1;

/** A PostgreSQL identifier RDS accepts as the initial database name. */
const DATABASE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const RESERVED_DATABASE_NAMES = ['postgres', 'rdsadmin', 'template0', 'template1'];

/** The values of the data side that can be wrong. */
export interface DataSettings {
  readonly tier: TenantTier;
  readonly databaseName: string;
  readonly allocatedStorageGiB: number;
}

/**
 * Every problem with the data side of a tenant: an allocated storage RDS refuses (or that leaves the tier's storage
 * ceiling no headroom), or a database name PostgreSQL refuses. Each names the prop to change and what it accepts.
 */
export function dataProblems(settings: DataSettings): string[] {
  const { tier, databaseName, allocatedStorageGiB } = settings;
  const config = tier.config;
  const known = (value: unknown) => !Token.isUnresolved(value);
  const problems: string[] = [];

  // The tier's instance class and node type are checked whole, against what the engines offer, when the tier is made
  // (tiers/validate-tier-config.ts), so that every problem of a custom tier comes in one error.

  if (known(allocatedStorageGiB)) {
    const inRange = allocatedStorageGiB >= MIN_ALLOCATED_STORAGE_GIB && allocatedStorageGiB <= MAX_ALLOCATED_STORAGE_GIB;
    if (!Number.isInteger(allocatedStorageGiB) || !inRange) {
      problems.push(`databaseAllocatedStorageGiB ${allocatedStorageGiB} must be a whole number of GiB from ${MIN_ALLOCATED_STORAGE_GIB} to ${MAX_ALLOCATED_STORAGE_GIB} (the gp3 limits of RDS for PostgreSQL)`);
    } else if (known(config.databaseMaxAllocatedStorageGiB)) {
      const smallestCeiling = Math.ceil(allocatedStorageGiB * MIN_AUTOSCALING_HEADROOM);
      if (config.databaseMaxAllocatedStorageGiB < smallestCeiling) {
        const largestStart = Math.floor(config.databaseMaxAllocatedStorageGiB / MIN_AUTOSCALING_HEADROOM);
        problems.push(`databaseAllocatedStorageGiB ${allocatedStorageGiB} leaves no room for storage autoscaling under tier '${tier.name}' (databaseMaxAllocatedStorageGiB ${config.databaseMaxAllocatedStorageGiB}): RDS needs the ceiling at least 10% above the allocated storage, so lower databaseAllocatedStorageGiB to at most ${largestStart} or choose a tier with databaseMaxAllocatedStorageGiB of at least ${smallestCeiling}`);
      }
    }
  }

  if (known(databaseName)) {
    if (!DATABASE_NAME.test(databaseName)) {
      problems.push(`databaseName '${databaseName}' must be 1 to 63 letters, digits or underscores, starting with a letter (for example 'mate')`);
    } else if (RESERVED_DATABASE_NAMES.includes(databaseName.toLowerCase())) {
      problems.push(`databaseName '${databaseName}' is reserved by PostgreSQL or RDS; choose another name such as 'mate'`);
    }
  }
  return problems;
}
