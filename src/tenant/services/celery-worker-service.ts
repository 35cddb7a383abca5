import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { workerCapacity } from './capacity-strategies';
import { commonServiceProps } from './common-service-props';
import { scaleOnUtilization, type ScalingTargets } from './service-autoscaling';
import type { ServiceTaskDefinition } from './service-task-definition';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';
import type { TenantTier } from '../../tiers';

/** The Celery worker service of a tenant. */
export interface CeleryWorkerServiceProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly tier: TenantTier;
  readonly task: ServiceTaskDefinition;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
  readonly scalingTargets: ScalingTargets;
}

/**
 * Celery workers: no inbound traffic, autoscaling on CPU and memory, on Fargate Spot above an on-demand base where
 * the tier allows it, or on Spot alone where the tier runs its background on Spot only (an interrupted worker's
 * unacknowledged jobs are redelivered).
 */
export class CeleryWorkerService extends Construct {
  public readonly service: ecs.FargateService;
  public readonly taskCount: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: CeleryWorkerServiceProps) {
    super(scope, id);

    this.service = new ecs.FargateService(this, 'Service', {
      ...commonServiceProps(props.base, props.names, 'celery', props.task.taskDefinition, [props.serviceSecurityGroup]),
      capacityProviderStrategies: workerCapacity(props.tier),
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });
    this.taskCount = scaleOnUtilization(this.service, props.tier, props.scalingTargets);
  }
}
