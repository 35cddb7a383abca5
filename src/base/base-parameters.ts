import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { EnvironmentNames } from '../naming';

/**
 * The SSM parameters (below `EnvironmentNames.parameterPath`) through which an environment publishes what tenants
 * need. Lists are comma-separated, in Availability Zone order.
 */
export const BASE_PARAMETERS = {
  domainName: 'domain-name',
  vpcId: 'vpc/id',
  availabilityZones: 'vpc/availability-zones',
  privateSubnetIds: 'vpc/private-subnet-ids',
  isolatedSubnetIds: 'vpc/isolated-subnet-ids',
  privateSubnetRouteTableIds: 'vpc/private-subnet-route-table-ids',
  isolatedSubnetRouteTableIds: 'vpc/isolated-subnet-route-table-ids',
  executeCommandLogGroupName: 'cluster/execute-command-log-group-name',
  loadBalancerArn: 'load-balancer/arn',
  loadBalancerDnsName: 'load-balancer/dns-name',
  loadBalancerCanonicalHostedZoneId: 'load-balancer/canonical-hosted-zone-id',
  loadBalancerSecurityGroupId: 'load-balancer/security-group-id',
  httpsListenerArn: 'load-balancer/https-listener-arn',
  loadBalancerTargetSecurityGroupId: 'load-balancer/target-security-group-id',
  keyArn: 'key/arn',
  alarmTopicArn: 'alarm-topic/arn',
  databaseSubnetGroupName: 'database-subnet-group/name',
  cacheSubnetGroupName: 'cache-subnet-group/name',
  repositoryArn: 'repository/arn',
  repositoryName: 'repository/name',
  hostedZoneId: 'hosted-zone/id',
  // Not below PLACEMENT_CLAIMS_DIRECTORY, the only path the placement function may write.
  tenantPlacementFunctionArn: 'tenant-placement-function/arn',
} as const;

/** One published value of the environment. */
export type BaseParameter = keyof typeof BASE_PARAMETERS;

/** What the environment publishes about each of its load balancers. */
export interface LoadBalancerParameterValues {
  readonly arn: string;
  readonly dnsName: string;
  readonly canonicalHostedZoneId: string;
  readonly httpsListenerArn: string;
}

/** The first load balancer's values keep the names they had before environments could have several. */
const FIRST_LOAD_BALANCER_PARAMETERS: Record<keyof LoadBalancerParameterValues, BaseParameter> = {
  arn: 'loadBalancerArn',
  dnsName: 'loadBalancerDnsName',
  canonicalHostedZoneId: 'loadBalancerCanonicalHostedZoneId',
  httpsListenerArn: 'httpsListenerArn',
};

/**
 * The name, below the parameter path, of one value of load balancer `index`: `load-balancer/arn` for the first,
 * `load-balancer-2/arn` for the second, as the load balancers' own names `<prefix>-<env>` and `<prefix>-<env>-2`.
 */
export function loadBalancerParameterName(index: number, value: keyof LoadBalancerParameterValues): string {
  const first = BASE_PARAMETERS[FIRST_LOAD_BALANCER_PARAMETERS[value]];
  return index === 0 ? first : first.replace(/^load-balancer\//, `load-balancer-${index + 1}/`);
}

/**
 * Writes every published value of an environment as a String parameter. A value that is undefined (route tables of
 * a VPC the user imported without them) is not published; tenants read a parameter only if their template uses it.
 */
export class BaseParameterPublisher extends Construct {
  constructor(scope: Construct, id: string, names: EnvironmentNames, values: Record<BaseParameter, string | undefined>,
    additionalLoadBalancers: readonly LoadBalancerParameterValues[] = []) {
    super(scope, id);
    for (const [key, name] of Object.entries(BASE_PARAMETERS) as Array<[BaseParameter, string]>) {
      if (values[key] === undefined) {
        continue;
      }
      new ssm.StringParameter(this, key, {
        parameterName: names.parameter(name),
        stringValue: values[key],
        description: `MATE environment ${names.environment}: ${key}, read by tenant stacks`,
      });
    }
    additionalLoadBalancers.forEach((loadBalancer, offset) => {
      const index = offset + 1;
      for (const [value, stringValue] of Object.entries(loadBalancer) as Array<[keyof LoadBalancerParameterValues, string]>) {
        new ssm.StringParameter(this, `loadBalancer${index + 1}-${value}`, {
          parameterName: names.parameter(loadBalancerParameterName(index, value)),
          stringValue,
          description: `MATE environment ${names.environment}: ${value} of load balancer ${names.loadBalancer(index)}, read by its tenants' stacks`,
        });
      }
    });
  }
}

/** Reads one published value at deployment, through a CloudFormation parameter of the consuming stack. */
export function readBaseParameter(scope: Construct, names: EnvironmentNames, parameter: BaseParameter): string {
  return readPublishedValue(scope, names, BASE_PARAMETERS[parameter]);
}

/** Reads the published value `name` (below the parameter path) at deployment. */
export function readPublishedValue(scope: Construct, names: EnvironmentNames, name: string): string {
  return ssm.StringParameter.valueForStringParameter(scope, names.parameter(name));
}
