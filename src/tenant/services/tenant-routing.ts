import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';

/** How the tenant's requests reach its Django tasks. */
export interface TenantRoutingProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  /** Host names of the rule: `<tenantId>.<domainName>` first, then the additional ones. */
  readonly hostNames: string[];
  readonly priority: number;
  readonly healthCheckPath: string;
  readonly deregistrationDelay: Duration;
  readonly slowStart: Duration;
}

/**
 * The tenant's target group and its host-name rule on the environment's HTTPS listener.
 *
 * The rule lives in the tenant's stack, so adding or removing the tenant never changes the base stack.
 */
export class TenantRouting extends Construct {
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly listenerRule: elbv2.ApplicationListenerRule;

  constructor(scope: Construct, id: string, props: TenantRoutingProps) {
    super(scope, id);

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      targetGroupName: props.names.targetGroup,
      vpc: props.base.vpc,
      // Fargate tasks (awsvpc networking) register by IP address.
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: props.base.applicationPort,
      deregistrationDelay: props.deregistrationDelay,
      slowStart: props.slowStart,
      healthCheck: {
        path: props.healthCheckPath,
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    this.listenerRule = new elbv2.ApplicationListenerRule(this, 'ListenerRule', {
      listener: props.base.httpsListener,
      priority: props.priority,
      conditions: [elbv2.ListenerCondition.hostHeaders(props.hostNames)],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });
  }
}
