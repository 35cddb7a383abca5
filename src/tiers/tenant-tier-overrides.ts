import type * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Values to change when deriving a tier from another with `TenantTier.derive()`.
 *
 * Each field has the meaning of the field of the same name in `TenantTierConfig`.
 */
export interface TenantTierOverrides {
  /** @default - the base tier's value */
  readonly databaseInstanceClass?: string;
  /** @default - the base tier's value */
  readonly cacheNodeType?: string;
  /** @default - the base tier's value */
  readonly cpu?: number;
  /** @default - the base tier's value */
  readonly memoryMiB?: number;
  /** @default - the base tier's value */
  readonly databaseMaxAllocatedStorageGiB?: number;
  /** @default - the base tier's value */
  readonly databaseBackupRetentionDays?: number;
  /** @default - the base tier's value */
  readonly databaseMultiAz?: boolean;
  /** @default - the base tier's value */
  readonly deletionProtection?: boolean;
  /** @default - the base tier's value */
  readonly cacheReplicas?: number;
  /** @default - the base tier's value */
  readonly cacheAutomaticFailover?: boolean;
  /** @default - the base tier's value */
  readonly cacheSnapshotRetentionDays?: number;
  /** @default - the base tier's value */
  readonly minTasks?: number;
  /** @default - the base tier's value */
  readonly maxTasks?: number;
  /** @default - the base tier's value */
  readonly logRetention?: logs.RetentionDays;
  /** @default - the base tier's value */
  readonly workersOnSpot?: boolean;
  /** @default - the base tier's value */
  readonly backgroundOnSpotOnly?: boolean;
}
