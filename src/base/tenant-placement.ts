import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PLACEMENT_CLAIMS_DIRECTORY, PLACEMENT_FUNCTION_TIMEOUT, TENANT_PLACEMENT_SOURCE } from './tenant-placement-source';
import type { EnvironmentNames } from '../naming';
import { acknowledgeFindings, COMPLIANCE_PACKS, ruleIds } from '../security/acknowledge-findings';
import { ManagedPolicyRole } from '../security/managed-policy-role';

/** What the placement function needs of its environment. */
export interface TenantPlacementProps {
  readonly names: EnvironmentNames;
  /** The environment's HTTPS listeners, load balancer 0 first. */
  readonly httpsListeners: elbv2.IApplicationListener[];
  readonly key: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The one function that places each tenant of the environment on a load balancer at deployment time: every tenant
 * stack that does not pin its listener rule priority invokes it through a `Custom::MateTenantPlacement` resource,
 * whichever app it comes from (see `TENANT_PLACEMENT_SOURCE` for how it stays sticky, capacity-aware and race-safe).
 *
 * Nothing here grows per tenant: the function keeps its records in SSM parameters under `claimsPath`, the only path
 * it may write, and reads the listeners with describe calls.
 */
export class TenantPlacement extends Construct {
  public readonly function: lambda.Function;
  /** `/mate/dev/tenant-placement`: where the function keeps its claims. */
  public readonly claimsPath: string;

  constructor(scope: Construct, id: string, props: TenantPlacementProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { names } = props;
    this.claimsPath = names.parameter(PLACEMENT_CLAIMS_DIRECTORY);

    const role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Places the tenants of MATE environment ${names.environment} on its load balancers`,
      policyDescription: `What the tenant placement function of environment ${names.environment} may do`,
    });
    role.addToPolicy(new iam.PolicyStatement({
      // Describe calls of Elastic Load Balancing support no resource-level permissions.
      actions: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancers'],
      resources: ['*'],
    }));
    const claims = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: this.claimsPath.slice(1) });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:GetParametersByPath'],
      // The path itself (GetParametersByPath names it) and every record below it.
      resources: [claims, `${claims}/*`],
    }));

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.key,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.function = new lambda.Function(this, 'Function', {
      description: `Places the tenants of MATE environment ${names.environment} on its load balancers at deployment`,
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline(TENANT_PLACEMENT_SOURCE),
      timeout: PLACEMENT_FUNCTION_TIMEOUT,
      role,
      logGroup,
      environment: {
        ENVIRONMENT: names.environment,
        LISTENER_ARNS: props.httpsListeners.map((listener) => listener.listenerArn).join(','),
        CLAIMS_PATH: this.claimsPath,
      },
      // The function always answers CloudFormation itself; a retry would only answer twice.
      retryAttempts: 0,
    });
    for (const { ids, reason } of PLACEMENT_FINDINGS) {
      acknowledgeFindings(this.function, ids, reason);
    }
  }
}

/** Why the security packs' Lambda findings do not apply to the placement function, by finding. */
const PLACEMENT_FINDINGS: Array<{ readonly ids: string[]; readonly reason: string }> = [
  {
    ids: ruleIds(COMPLIANCE_PACKS, 'LambdaInsideVPC'),
    reason: 'The placement function only calls the Elastic Load Balancing and SSM APIs and the CloudFormation response URL; it reaches nothing inside the VPC, so a VPC attachment would add network interfaces and ec2:*NetworkInterface permissions on every resource without reducing exposure.',
  },
  {
    ids: ruleIds(['hipaa', 'nist'], 'LambdaDLQ'),
    reason: 'CloudFormation is the only invoker and the function answers every request itself, FAILED included; a failed invocation fails the tenant\'s deployment visibly, and a dead-letter queue would only hold a CloudFormation request that can no longer be answered.',
  },
  {
    ids: ruleIds(COMPLIANCE_PACKS, 'LambdaConcurrency'),
    reason: 'Reserving concurrency fails in accounts with the default quota of 10 concurrent executions (AWS keeps 10 unreserved), and the function does not need it: each slot claim is an atomic create of an SSM parameter, so concurrent placements never share a priority nor overfill a load balancer.',
  },
];
