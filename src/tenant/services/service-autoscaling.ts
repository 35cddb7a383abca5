import { Duration } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { TenantTier } from '../../tiers';

/** The utilization autoscaling keeps a service at. */
export interface ScalingTargets {
  readonly cpuUtilizationPercent: number;
  readonly memoryUtilizationPercent: number;
  readonly requestsPerTask: number;
}

/** Scale out quickly when load arrives; scale in slowly so a short lull does not drop capacity that is needed again. */
const SCALE_OUT_COOLDOWN = Duration.seconds(60);
const SCALE_IN_COOLDOWN = Duration.seconds(300);

/** Task count of a worker-style service: the tier's range, tracking CPU and memory. */
export function scaleOnUtilization(service: ecs.FargateService, tier: TenantTier, targets: ScalingTargets): ecs.ScalableTaskCount {
  const taskCount = service.autoScaleTaskCount({ minCapacity: tier.config.minTasks, maxCapacity: tier.config.maxTasks });
  taskCount.scaleOnCpuUtilization('Cpu', {
    targetUtilizationPercent: targets.cpuUtilizationPercent,
    scaleOutCooldown: SCALE_OUT_COOLDOWN,
    scaleInCooldown: SCALE_IN_COOLDOWN,
  });
  taskCount.scaleOnMemoryUtilization('Memory', {
    targetUtilizationPercent: targets.memoryUtilizationPercent,
    scaleOutCooldown: SCALE_OUT_COOLDOWN,
    scaleInCooldown: SCALE_IN_COOLDOWN,
  });
  return taskCount;
}

/**
 * Task count of the web service: CPU and memory, plus load balancer requests per task.
 *
 * `scaleOnRequestCount` labels the metric `<load balancer full name>/<target group full name>`; aws-cdk-lib derives the
 * load balancer part from the ARN of the first listener the target group is registered with, which works for the
 * imported listener of another stack because the tenant's listener rule registers it. The policy must only be
 * created once the rule attaches the target group to the load balancer, hence the explicit dependency.
 */
export function scaleOnUtilizationAndRequests(
  service: ecs.FargateService,
  tier: TenantTier,
  targets: ScalingTargets,
  targetGroup: elbv2.ApplicationTargetGroup,
): ecs.ScalableTaskCount {
  const taskCount = scaleOnUtilization(service, tier, targets);
  taskCount.scaleOnRequestCount('Requests', {
    requestsPerTarget: targets.requestsPerTask,
    targetGroup,
    scaleOutCooldown: SCALE_OUT_COOLDOWN,
    scaleInCooldown: SCALE_IN_COOLDOWN,
  });
  taskCount.node.addDependency(targetGroup.loadBalancerAttached);
  return taskCount;
}
