import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { IMateBase } from '../../base/mate-base';
import type { ServiceRole, TenantNames } from '../../naming';

/** What every one of the tenant's services shares: cluster, private networking, safe deployments, tags. */
export function commonServiceProps(
  base: IMateBase,
  names: TenantNames,
  role: ServiceRole,
  taskDefinition: ecs.FargateTaskDefinition,
  securityGroups: ec2.ISecurityGroup[],
): ecs.FargateServiceProps {
  return {
    serviceName: names.service(role),
    cluster: base.cluster,
    taskDefinition,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    assignPublicIp: false,
    securityGroups,
    circuitBreaker: { enable: true, rollback: true },
    // Stated, not left to aws-cdk-lib: without the feature flag
    // @aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker (which `cdk init` turns on) a circuit
    // breaker implies this controller, with it the property disappears, and CloudFormation can only change it by
    // replacing the service, which a fixed service name makes fail. So every app renders the same service.
    deploymentController: { type: ecs.DeploymentControllerType.ECS },
    // Tasks carry the service's tags (mate:tenant, mate:tier, ...) for cost allocation.
    propagateTags: ecs.PropagatedTagSource.SERVICE,
    enableECSManagedTags: true,
  };
}
