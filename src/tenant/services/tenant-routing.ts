import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { ListenerPlacement } from './placement-at-deployment';
import type { IMateBase } from '../../base/mate-base';
import type { TenantNames } from '../../naming';

/** How the tenant's requests reach its Django tasks. */
export interface TenantRoutingProps {
  readonly base: IMateBase;
  readonly names: TenantNames;
  /** Host names of the rule: `<tenantId>.<domainName>` first, then the additional ones. */
  readonly hostNames: string[];
  /** Which listener of the environment's load balancers serves the tenant, and the priority of its rule. */
  readonly placement: ListenerPlacement;
  readonly healthCheckPath: string;
  readonly deregistrationDelay: Duration;
  readonly slowStart: Duration;
}

/**
 * The tenant's target group, its host-name rule on the HTTPS listener of its load balancer and, when the environment
 * has a hosted zone, the alias record of `<tenantId>.<domainName>` to that load balancer.
 *
 * All three live in the tenant's stack, so adding or removing the tenant never changes the base stack. The record is
 * the tenant's own rather than the environment's wildcard, which only reaches the first load balancer.
 */
export class TenantRouting extends Construct {
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly listenerRule: elbv2.ApplicationListenerRule;
  /** The alias record of `<tenantId>.<domainName>`; undefined when the environment has no hosted zone. */
  public readonly record?: route53.ARecord;

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
      listener: props.placement.listener,
      priority: props.placement.priority,
      conditions: [elbv2.ListenerCondition.hostHeaders(props.hostNames)],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });

    if (props.base.hostedZone) {
      this.record = new route53.ARecord(this, 'Record', {
        zone: props.base.hostedZone,
        // Fully qualified, so the record is right whatever the zone's name (the zone may be a parent domain).
        recordName: `${props.hostNames[0]}.`,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(props.placement.loadBalancer)),
        comment: `Tenant ${props.names.tenantId} of MATE environment ${props.base.environment}`,
      });
    }
  }
}
