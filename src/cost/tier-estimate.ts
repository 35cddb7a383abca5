import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { splitByCapacity, type CapacityProviderStrategy, type CostLine } from './estimate-template';
import { US_EAST_1_PRICES, type PriceTable } from './price-table';
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
  /** @default 20 */
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
  const hours = prices.hoursPerMonth;
  const price = (key: string) => {
    const found = prices.prices[key];
    if (!found) {
      throw new Error(`the price table of ${prices.region} has no price for tier '${tier.name}' (key '${key}'); add it to src/cost/price-table.ts with its source`);
    }
    return found.unit === 'hour' ? found.usd * hours : found.usd;
  };
  const architecture = options.cpuArchitecture ?? 'ARM64';
  const taskMonth = (config.cpu / 1024) * price(`fargate:${architecture}:vcpu`) + (config.memoryMiB / 1024) * price(`fargate:${architecture}:gb`);
  const tasks = (count: number, strategy: ecs.CapacityProviderStrategy[]) => {
    const { onDemand, spot } = splitByCapacity(count, toCloudFormation(strategy));
    return taskMonth * (onDemand + spot * prices.fargateSpotShareOfOnDemand);
  };
  const copies = config.databaseMultiAz ? 2 : 1;
  const storageGiB = options.databaseAllocatedStorageGiB ?? 20;
  const nodes = 1 + config.cacheReplicas;

  const lines: CostLine[] = [
    { item: `RDS PostgreSQL ${config.databaseInstanceClass}`, detail: `x ${copies}`, monthlyUsd: price(`rds:${config.databaseInstanceClass}`) * copies },
    { item: 'RDS storage', detail: `${storageGiB} GB x ${copies}`, monthlyUsd: storageGiB * price('rds:gp3-storage') * copies },
    {
      item: `ElastiCache ${config.cacheNodeType} x ${nodes}`,
      detail: 'Valkey',
      monthlyUsd: price(`elasticache:${config.cacheNodeType}`) * prices.valkeyShareOfRedisNodePrice * nodes,
    },
    { item: 'Fargate Django', detail: `${config.minTasks} on demand`, monthlyUsd: tasks(config.minTasks, ON_DEMAND) },
    { item: 'Fargate Celery worker', detail: `${config.minTasks} tasks`, monthlyUsd: tasks(config.minTasks, workerCapacity(tier)) },
    { item: 'Fargate Celery Beat', detail: '1 task', monthlyUsd: tasks(1, beatCapacity(tier)) },
    { item: 'Secrets Manager secrets x 3', detail: 'database, cache AUTH, Django key', monthlyUsd: 3 * price('secretsmanager:secret') },
  ];
  if (options.dedicatedKey ?? true) {
    lines.push({ item: 'KMS keys x 1', detail: 'the tenant\'s own key', monthlyUsd: price('kms:key') });
  }
  return { lines, totalUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0) };
}

/**
 * The default monthly budget of a tenant: its tier's fixed estimate times `BUDGET_HEADROOM`, rounded up to a dollar.
 *
 * @throws Error naming the price to add when the table does not price one of the tier's sizes
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
    return { whyNone: (error as Error).message };
  }
}

function toCloudFormation(strategy: ecs.CapacityProviderStrategy[]): CapacityProviderStrategy {
  return strategy.map((entry) => ({ CapacityProvider: entry.capacityProvider, Base: entry.base, Weight: entry.weight }));
}
