import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { beatCapacity } from './capacity-strategies';
import { commonServiceProps } from './common-service-props';
import type { ServiceTaskDefinition } from './service-task-definition';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';
import type { TenantTier } from '../../tiers';

/** The Celery Beat service of a tenant. */
export interface CeleryBeatServiceProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  readonly tier: TenantTier;
  readonly task: ServiceTaskDefinition;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
}

/**
 * Celery Beat, the scheduler: exactly one task, never autoscaled. A deployment stops the old task before it starts
 * the new one (0% minimum, 100% maximum healthy), so two schedulers never enqueue the same job twice. It stays on
 * on-demand capacity, as a Spot interruption skips the schedules that fall due until ECS replaces the task, unless
 * the tier accepts that (`backgroundOnSpotOnly`); the Beat-not-running alarm goes off either way.
 */
export class CeleryBeatService extends Construct {
  public readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: CeleryBeatServiceProps) {
    super(scope, id);

    this.service = new ecs.FargateService(this, 'Service', {
      ...commonServiceProps(props.base, props.names, 'beat', props.task.taskDefinition, [props.serviceSecurityGroup]),
      capacityProviderStrategies: beatCapacity(props.tier),
      desiredCount: 1,
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
    });
  }
}
