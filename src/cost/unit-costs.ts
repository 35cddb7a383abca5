import type { Price, PriceTable } from './price-table';

/** A price the table does not hold: the model never counts a priced thing as free. */
export class MissingPriceError extends Error {}

/**
 * The price of `key` in `prices`, or a `MissingPriceError` naming what is priced (`what`) and the key to add.
 * `where` (a stack name, a tier) starts the message.
 */
export function priceOf(prices: PriceTable, key: string, what: string, where: string): Price {
  const found = prices.prices[key];
  if (!found) {
    throw new MissingPriceError(`${where}: the price table of ${prices.region} has no price for ${what} (key '${key}'); add it to src/cost/price-table.ts with its source`);
  }
  return found;
}

/** What `price` comes to in a month: an hourly price for every hour of the table's month. */
export function monthlyUsd(prices: PriceTable, price: Price): number {
  return price.unit === 'hour' ? price.usd * prices.hoursPerMonth : price.usd;
}

/** A database instance of `instanceClass`, `copies` times (2 for Multi-AZ), for a month. */
export function databaseInstanceMonthlyUsd(prices: PriceTable, instanceClass: string, copies: number, where: string): number {
  return monthlyUsd(prices, priceOf(prices, `rds:${instanceClass}`, `RDS instance class ${instanceClass}`, where)) * copies;
}

/** `storageGiB` of RDS `storageType` storage, `copies` times, for a month. */
export function databaseStorageMonthlyUsd(prices: PriceTable, storageType: string, storageGiB: number, copies: number, where: string): number {
  return storageGiB * priceOf(prices, `rds:${storageType}-storage`, `RDS ${storageType} storage`, where).usd * copies;
}

/** The share of a Redis OSS node's price an `engine` node costs: Valkey's node-based price is lower. */
export function cacheEngineShare(prices: PriceTable, engine: string | undefined): number {
  return engine === 'valkey' ? prices.valkeyShareOfRedisNodePrice : 1;
}

/** `nodes` cache nodes of `nodeType` running `engine`, for a month. */
export function cacheNodesMonthlyUsd(prices: PriceTable, nodeType: string, nodes: number, engine: string | undefined, where: string): number {
  const node = priceOf(prices, `elasticache:${nodeType}`, `ElastiCache node type ${nodeType}`, where);
  return monthlyUsd(prices, node) * cacheEngineShare(prices, engine) * nodes;
}

/** One Fargate task of `vcpu` vCPUs and `gb` GB on `architecture`, on demand, for an hour. */
export function fargateTaskHourUsd(prices: PriceTable, vcpu: number, gb: number, architecture: string, where: string): number {
  return vcpu * priceOf(prices, `fargate:${architecture}:vcpu`, `Fargate ${architecture} vCPU`, where).usd
    + gb * priceOf(prices, `fargate:${architecture}:gb`, `Fargate ${architecture} memory`, where).usd;
}

/** `onDemand` and `spot` tasks of `taskHourUsd` each, for a month. */
export function fargateTasksMonthlyUsd(prices: PriceTable, taskHourUsd: number, onDemand: number, spot: number): number {
  return prices.hoursPerMonth * taskHourUsd * (onDemand + spot * prices.fargateSpotShareOfOnDemand);
}
