import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * Registers the service's container with the target group, as `service.attachToApplicationTargetGroup()` does,
 * but without any security-group rule.
 *
 * aws-cdk-lib's attachment also registers the service as a connectable of the target group, which makes the
 * listener allow traffic from the load balancer's security group to every group of the service: an egress rule on
 * the load balancer's group and ingress rules on the service's groups, one set per tenant. The load balancer's group
 * is shared by every tenant and allows 60 rules, and the shared load-balancer-targets group already admits the load
 * balancer once for all tenants, so no per-tenant rule is needed or wanted. The service joins that shared group
 * instead (see `DjangoService`).
 *
 * The service is created only after the listener rule attaches the target group to the load balancer; ECS rejects a
 * target group that no load balancer uses.
 */
export function attachWithoutSecurityGroupRules(
  service: ecs.FargateService,
  targetGroup: elbv2.ApplicationTargetGroup,
  containerName: string,
  containerPort: number,
): void {
  const cfnService = service.node.defaultChild as ecs.CfnService;
  cfnService.loadBalancers = [{ targetGroupArn: targetGroup.targetGroupArn, containerName, containerPort }];
  cfnService.node.addDependency(targetGroup.loadBalancerAttached);
}
