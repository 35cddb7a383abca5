import { CustomResource, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { IMateBase } from '../../base/mate-base';
import { PLACEMENT_RESOURCE_TYPE, PLACEMENT_SERVICE_TIMEOUT } from '../../base/tenant-placement-source';

/** Where a tenant's listener rule goes: the HTTPS listener of one of the environment's load balancers, and its priority. */
export interface ListenerPlacement {
  readonly loadBalancerIndex: number;
  readonly priority: number;
  readonly listener: elbv2.IApplicationListener;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/** The placement of a tenant that pinned its `listenerRulePriority`: decided at synthesis, checked within the app. */
export function pinnedPlacement(base: IMateBase, loadBalancerIndex: number, priority: number): ListenerPlacement {
  return { loadBalancerIndex, priority, listener: base.httpsListeners[loadBalancerIndex], loadBalancer: base.loadBalancers[loadBalancerIndex] };
}

/** What the environment's placement function is told about the tenant. */
export interface PlacementAtDeploymentProps {
  readonly base: IMateBase;
  readonly tenantId: string;
  /** The tenant's first host name: a rule that already routes it (a tenant deployed before) is adopted as it is. */
  readonly hostName: string;
  /** Restricts the placement to this load balancer; any with room when undefined. */
  readonly loadBalancerIndex?: number;
}

/**
 * The placement of a tenant that leaves its `listenerRulePriority` out: the environment's placement function chooses
 * the load balancer and priority when the stack deploys, seeing the tenants of every app, and keeps them for good.
 *
 * Everything that depends on the choice (the listener rule, the alias record, the target group's alarms, the outputs)
 * reads it from the `Custom::MateTenantPlacement` resource's attributes.
 */
export class PlacementAtDeployment extends Construct implements ListenerPlacement {
  /** The resource whose creation fails, before any data store exists, when every load balancer is full. */
  public readonly resource: CustomResource;
  public readonly loadBalancerIndex: number;
  public readonly priority: number;
  public readonly listener: elbv2.IApplicationListener;
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  constructor(scope: Construct, id: string, props: PlacementAtDeploymentProps) {
    super(scope, id);
    const { base } = props;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: base.tenantPlacementFunctionArn,
      resourceType: PLACEMENT_RESOURCE_TYPE,
      serviceTimeout: PLACEMENT_SERVICE_TIMEOUT,
      properties: {
        TenantId: props.tenantId,
        HostName: props.hostName,
        ...(props.loadBalancerIndex === undefined ? {} : { LoadBalancerIndex: props.loadBalancerIndex }),
      },
    });
    const attribute = (name: string) => this.resource.getAttString(name);
    this.loadBalancerIndex = Token.asNumber(this.resource.getAtt('LoadBalancerIndex'));
    this.priority = Token.asNumber(this.resource.getAtt('Priority'));

    // Every load balancer of the environment shares one security group.
    const securityGroup = base.httpsListeners[0].connections.securityGroups[0];
    this.listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(this, 'Listener', {
      listenerArn: attribute('ListenerArn'),
      defaultPort: 443,
      securityGroup,
    });
    this.loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(this, 'LoadBalancer', {
      loadBalancerArn: attribute('LoadBalancerArn'),
      loadBalancerDnsName: attribute('DnsName'),
      loadBalancerCanonicalHostedZoneId: attribute('CanonicalHostedZoneId'),
      securityGroupId: securityGroup.securityGroupId,
      // Declaring the group open makes CDK add no egress rule to it.
      securityGroupAllowsAllOutbound: true,
      vpc: base.vpc,
    });
  }
}
