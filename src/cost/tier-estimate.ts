import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { splitByCapacity, type CapacityProviderStrategy, type CostLine } from './estimate-template';
import { US_EAST_1_PRICES, type PriceTable } from './price-table';
import {
  cacheNodesMonthlyUsd, databaseInstanceMonthlyUsd, databaseStorageMonthlyUsd, fargateTaskHourUsd, fargateTasksMonthlyUsd,
  MissingPriceError, monthlyUsd, priceOf,
} from './unit-costs';
import { DEFAULT_DATABASE_ALLOCATED_STORAGE_GIB } from '../tenant/data/tenant-data';
import { beatCapacity, ON_DEMAND, workerCapacity } from '../tenant/services/capacity-strategies';
import type { TenantTier } from '../tiers';

/**
 * How far a tenant's budget lies above its tier's fixed estimate by default: the estimate prices only what runs at the
 * minimum (database, cache, the services' minimum tasks, secrets, key), not what usage adds (autoscaling above the
 * minimum, storage growth, backups, logs, S3 and EFS, requests), so half as much again is left for usage before the
 * budget notifies.
 */
export const BUDGET_HEADROOM = 1.5;

/** What of a tenant, besides its tier, its fixed monthly cost depends on. */
export interface TierEstimateOptions {
  /** @default - the tenant's default, DEFAULT_DATABASE_ALLOCATED_STORAGE_GIB */
  readonly databaseAllocatedStorageGiB?: number;
  /** `ARM64` or `X86_64`. @default 'ARM64' */
  readonly cpuArchitecture?: string;
  /** Whether the tenant has a KMS key of its own. @default true */
  readonly dedicatedKey?: boolean;
  /** @default US_EAST_1_PRICES */
  readonly prices?: PriceTable;
}

/** The fixed monthly cost of a tenant of a tier, line by line. */
export interface TierEstimate {
  readonly lines: CostLine[];
  readonly totalUsd: number;
}

/**
 * The fixed monthly cost of one tenant of `tier`, from the same price table and capacity placement as the cost model of
 * a synthesized template: what the tier runs at its minimum, every hour of the month. It leaves out the monitoring
 * (a few alarms, a dollar or so) and everything usage drives, which the budget's headroom covers.
 */
export function tierMonthlyEstimate(tier: TenantTier, options: TierEstimateOptions = {}): TierEstimate {
  const prices = options.prices ?? US_EAST_1_PRICES;
  const config = tier.config;
  const where = `tier '${tier.name}'`;
  const architecture = options.cpuArchitecture ?? 'ARM64';
  const taskHour = fargateTaskHourUsd(prices, config.cpu / 1024, config.memoryMiB / 1024, architecture, where);
  const tasks = (count: number, strategy: ecs.CapacityProviderStrategy[]) => {
    const { onDemand, spot } = splitByCapacity(count, toCloudFormation(strategy));
    return fargateTasksMonthlyUsd(prices, taskHour, onDemand, spot);
  };
  const copies = config.databaseMultiAz ? 2 : 1;
  const storageGiB = options.databaseAllocatedStorageGiB ?? DEFAULT_DATABASE_ALLOCATED_STORAGE_GIB;
  const nodes = 1 + config.cacheReplicas;
  const priced = (key: string, what: string) => monthlyUsd(prices, priceOf(prices, key, what, where));

  const lines: CostLine[] = [
    { item: `RDS PostgreSQL ${config.databaseInstanceClass}`, detail: `x ${copies}`, monthlyUsd: databaseInstanceMonthlyUsd(prices, config.databaseInstanceClass, copies, where) },
    { item: 'RDS storage', detail: `${storageGiB} GB x ${copies}`, monthlyUsd: databaseStorageMonthlyUsd(prices, 'gp3', storageGiB, copies, where) },
    { item: `ElastiCache ${config.cacheNodeType} x ${nodes}`, detail: 'Valkey', monthlyUsd: cacheNodesMonthlyUsd(prices, config.cacheNodeType, nodes, 'valkey', where) },
    { item: 'Fargate Django', detail: `${config.minTasks} on demand`, monthlyUsd: tasks(config.minTasks, ON_DEMAND) },
    { item: 'Fargate Celery worker', detail: `${config.minTasks} tasks`, monthlyUsd: tasks(config.minTasks, workerCapacity(tier)) },
    { item: 'Fargate Celery Beat', detail: '1 task', monthlyUsd: tasks(1, beatCapacity(tier)) },
    { item: 'Secrets Manager secrets x 3', detail: 'database, cache AUTH, Django key', monthlyUsd: 3 * priced('secretsmanager:secret', 'a secret') },
  ];
  if (options.dedicatedKey ?? true) {
    lines.push({ item: 'KMS keys x 1', detail: 'the tenant\'s own key', monthlyUsd: priced('kms:key', 'a KMS key') });
  }
  return { lines, totalUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0) };
}

/**
 * The default monthly budget of a tenant: its tier's fixed estimate times `BUDGET_HEADROOM`, rounded up to a dollar.
 *
 * @throws MissingPriceError naming the price to add when the table does not price one of the tier's sizes
 */
export function defaultMonthlyBudgetUsd(tier: TenantTier, options: TierEstimateOptions = {}): number {
  return Math.ceil(tierMonthlyEstimate(tier, options).totalUsd * BUDGET_HEADROOM);
}

/**
 * The default monthly budget of a tenant, or why there is none: a custom tier may name an instance class or node type
 * the price table does not price, and a budget limit is never guessed.
 */
export function defaultMonthlyBudget(tier: TenantTier, options: TierEstimateOptions = {}): { readonly usd?: number; readonly whyNone?: string } {
  try {
    return { usd: defaultMonthlyBudgetUsd(tier, options) };
  } catch (error) {
    if (error instanceof MissingPriceError) {
      return { whyNone: error.message };
    }
    throw error;
  }
}

function toCloudFormation(strategy: ecs.CapacityProviderStrategy[]): CapacityProviderStrategy {
  return strategy.map((entry) => ({ CapacityProvider: entry.capacityProvider, Base: entry.base, Weight: entry.weight }));
}
