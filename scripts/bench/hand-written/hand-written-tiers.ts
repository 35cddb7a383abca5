/** The MATE tier table, as a hand-written app would copy it. */
import type { TierName } from '../scale-tenants';

export interface HandWrittenTier {
  readonly databaseInstanceClass: string;
  readonly cacheNodeType: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly multiAz: boolean;
  readonly cacheReplicas: number;
  readonly backupRetentionDays: number;
  readonly minTasks: number;
  readonly maxTasks: number;
}

export const HAND_WRITTEN_TIERS: Record<TierName, HandWrittenTier> = {
  trial: {
    databaseInstanceClass: 't4g.micro',
    cacheNodeType: 'cache.t4g.micro',
    cpu: 256,
    memoryMiB: 512,
    multiAz: false,
    cacheReplicas: 0,
    backupRetentionDays: 1,
    minTasks: 1,
    maxTasks: 2,
  },
  standard: {
    databaseInstanceClass: 't4g.medium',
    cacheNodeType: 'cache.t4g.small',
    cpu: 512,
    memoryMiB: 1024,
    multiAz: false,
    cacheReplicas: 1,
    backupRetentionDays: 7,
    minTasks: 1,
    maxTasks: 4,
  },
  enterprise: {
    databaseInstanceClass: 'r6g.xlarge',
    cacheNodeType: 'cache.r7g.large',
    cpu: 1024,
    memoryMiB: 2048,
    multiAz: true,
    cacheReplicas: 2,
    backupRetentionDays: 14,
    minTasks: 2,
    maxTasks: 10,
  },
};
