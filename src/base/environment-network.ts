import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeFindings, COMPLIANCE_PACKS, ruleIds } from '../security/acknowledge-findings';
import { ManagedPolicyRole } from '../security/managed-policy-role';

/** How the base builds its own VPC. */
export interface EnvironmentVpcOptions {
  readonly cidr: string;
  readonly maxAzs?: number;
  readonly availabilityZones?: string[];
  readonly natGateways: number;
  readonly key: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * A VPC with public subnets (load balancer, NAT gateways), private subnets with egress (services) and isolated
 * subnets (databases, caches), every flow logged to an encrypted log group, and S3 reached through a gateway
 * endpoint instead of the NAT gateways.
 */
export function createEnvironmentVpc(scope: Construct, id: string, options: EnvironmentVpcOptions): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, id, {
    ipAddresses: ec2.IpAddresses.cidr(options.cidr),
    maxAzs: options.availabilityZones ? undefined : options.maxAzs,
    availabilityZones: options.availabilityZones,
    natGateways: options.natGateways,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      // Only the load balancer and the NAT gateways live here, and both get their addresses explicitly.
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    gatewayEndpoints: {
      S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
    },
  });

  const flowLogGroup = new logs.LogGroup(vpc, 'FlowLogGroup', {
    encryptionKey: options.key,
    retention: options.logRetention,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  const flowLogRole = new ManagedPolicyRole(vpc, 'FlowLogRole', {
    assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
    description: 'Lets VPC Flow Logs write to the flow log group of the environment',
    policyDescription: 'What VPC Flow Logs may do to deliver the flow logs of the environment',
  });
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole),
    trafficType: ec2.FlowLogTrafficType.ALL,
  });
  for (const subnet of vpc.publicSubnets) {
    acknowledgeFindings(subnet, ruleIds(COMPLIANCE_PACKS, 'VPCNoUnrestrictedRouteToIGW'),
      'Public subnets hold only the internet-facing load balancer and the NAT gateways, which need a route to the internet gateway; services and data stores are in private and isolated subnets.');
  }
  return vpc;
}
