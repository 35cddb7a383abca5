import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { attachWithoutSecurityGroupRules } from './attach-without-security-group-rules';
import { ON_DEMAND } from './capacity-strategies';
import { commonServiceProps } from './common-service-props';
import { scaleOnUtilizationAndRequests, type ScalingTargets } from './service-autoscaling';
import { SERVICE_DEFAULTS } from './service-defaults';
import type { ServiceTaskDefinition } from './service-task-definition';
import { TenantRouting, type TenantRoutingProps } from './tenant-routing';
import type { TenantTier } from '../../tiers';

/** The Django web service of a tenant. */
export interface DjangoServiceProps extends TenantRoutingProps {
  readonly tier: TenantTier;
  readonly task: ServiceTaskDefinition;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
  readonly scalingTargets: ScalingTargets;
}

/**
 * Django behind the environment's HTTPS listener: on-demand Fargate in private subnets, routed by host name, with
 * ECS Exec for operators and autoscaling on CPU, memory and requests per task.
 */
export class DjangoService extends Construct {
  public readonly service: ecs.FargateService;
  public readonly routing: TenantRouting;
  public readonly taskCount: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: DjangoServiceProps) {
    super(scope, id);
    const base = props.base;

    this.routing = new TenantRouting(this, 'Routing', props);

    this.service = new ecs.FargateService(this, 'Service', {
      ...commonServiceProps(base, props.names, 'django', props.task.taskDefinition, [
        props.serviceSecurityGroup,
        // The base lets the load balancer reach this shared group once, for every tenant.
        base.loadBalancerTargetSecurityGroup,
      ]),
      capacityProviderStrategies: ON_DEMAND,
      enableExecuteCommand: true,
      // A new task must pass health checks before an old one stops, even with a single task.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: SERVICE_DEFAULTS.healthCheckGracePeriod,
    });
    attachWithoutSecurityGroupRules(this.service, this.routing.targetGroup, props.task.container.containerName, base.applicationPort);

    this.taskCount = scaleOnUtilizationAndRequests(this.service, props.tier, props.scalingTargets, this.routing.targetGroup);
  }
}
