import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type { TenantTier } from '../../tiers';

/**
 * On-demand Fargate only. Every service uses a capacity provider strategy (never a launch type) so that a tier change
 * moving workers to or from Spot is an in-place update of the service.
 */
export const ON_DEMAND: ecs.CapacityProviderStrategy[] = [{ capacityProvider: 'FARGATE', weight: 1 }];

/**
 * One on-demand task that Spot interruptions cannot take away, and every further task on Fargate Spot, which runs
 * ARM64 tasks on platform version 1.4.0 and later. An interrupted worker's unacknowledged jobs are redelivered.
 */
export const SPOT_ABOVE_ON_DEMAND_BASE: ecs.CapacityProviderStrategy[] = [
  { capacityProvider: 'FARGATE', base: 1, weight: 0 },
  { capacityProvider: 'FARGATE_SPOT', weight: 1 },
];

/** The capacity of the Celery worker service: Spot above an on-demand base where the tier allows it. */
export function workerCapacity(tier: TenantTier): ecs.CapacityProviderStrategy[] {
  return tier.config.workersOnSpot ? SPOT_ABOVE_ON_DEMAND_BASE : ON_DEMAND;
}
