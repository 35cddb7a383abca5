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

/**
 * Fargate Spot alone, for background services of a tier with `backgroundOnSpotOnly`: no on-demand task, so a Spot
 * interruption can leave the service without a task until ECS places a replacement on Spot again.
 */
export const SPOT_ONLY: ecs.CapacityProviderStrategy[] = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];

/**
 * The capacity of the Celery worker service: Spot alone where the tier runs its background on Spot only, Spot above
 * an on-demand base where the tier allows workers on Spot, else on demand.
 */
export function workerCapacity(tier: TenantTier): ecs.CapacityProviderStrategy[] {
  if (tier.config.backgroundOnSpotOnly ?? false) {
    return SPOT_ONLY;
  }
  return tier.config.workersOnSpot ? SPOT_ABOVE_ON_DEMAND_BASE : ON_DEMAND;
}

/** The capacity of the Celery Beat service: Spot alone where the tier runs its background on Spot only, else on demand. */
export function beatCapacity(tier: TenantTier): ecs.CapacityProviderStrategy[] {
  return (tier.config.backgroundOnSpotOnly ?? false) ? SPOT_ONLY : ON_DEMAND;
}
