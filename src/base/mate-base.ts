import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';

/**
 * What a tenant needs from the shared platform of one environment, and nothing more.
 *
 * Implemented by `MateBaseInfra` (the environment itself) and by `MateBaseInfra.fromEnvironmentName()` (an existing
 * environment, read from the SSM parameters the base publishes). A `MateTenant` in another stack never references
 * the base's resources directly: it reads them from those parameters, so the base stack carries no CloudFormation
 * export that a tenant could lock.
 */
export interface IMateBase extends IConstruct {
  /**
   * Name of the environment, a lower-case DNS label such as `dev`. Never a token.
   */
  readonly environment: string;

  /**
   * Prefix of every derived name (`mate` gives `mate-dev`, `mate-demo-dev-django`). Never a token.
   */
  readonly prefix: string;

  /**
   * Domain under which tenants are served at `<tenantId>.<domainName>`.
   */
  readonly domainName: string;

  /**
   * The environment's VPC: private subnets with egress for services, isolated subnets for data stores.
   */
  readonly vpc: ec2.IVpc;

  /**
   * Number of Availability Zones the VPC spans. Never a token.
   */
  readonly availabilityZoneCount: number;

  /**
   * The shared ECS cluster, `<prefix>-<environment>`, with FARGATE and FARGATE_SPOT capacity providers.
   */
  readonly cluster: ecs.ICluster;

  /**
   * The first internet-facing Application Load Balancer, `<prefix>-<environment>` (`loadBalancers[0]`).
   */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * The HTTPS listener on port 443 of the first load balancer (`httpsListeners[0]`).
   */
  readonly httpsListener: elbv2.IApplicationListener;

  /**
   * Every internet-facing load balancer of the environment, in index order: `<prefix>-<environment>`, then
   * `<prefix>-<environment>-2`, ... A tenant's `loadBalancerIndex` picks one. Never empty.
   */
  readonly loadBalancers: elbv2.IApplicationLoadBalancer[];

  /**
   * The HTTPS listener on port 443 of each load balancer, in the same order; each tenant adds its host-name rule to
   * the listener of its load balancer.
   */
  readonly httpsListeners: elbv2.IApplicationListener[];

  /**
   * The public hosted zone in which each tenant adds the alias record of `<tenantId>.<domainName>` to its load
   * balancer; undefined when DNS is managed outside the environment.
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * The security group every tenant's web service joins to receive traffic from the load balancer.
   *
   * The base allows the load balancer to reach this group on `applicationPort` once, so no shared group gains a
   * rule per tenant.
   */
  readonly loadBalancerTargetSecurityGroup: ec2.ISecurityGroup;

  /**
   * The port on which web containers listen and the load balancer forwards to. Never a token.
   */
  readonly applicationPort: number;

  /**
   * The environment's customer-managed KMS key (rotating), for logs, SNS and the data of tenants without a key
   * of their own.
   */
  readonly key: kms.IKey;

  /**
   * The encrypted SNS topic to which every alarm of the environment and its tenants is sent.
   */
  readonly alarmTopic: sns.ITopic;

  /**
   * The DB subnet group (isolated subnets) shared by every tenant database.
   */
  readonly databaseSubnetGroup: rds.ISubnetGroup;

  /**
   * Name of the ElastiCache subnet group (isolated subnets) shared by every tenant cache.
   */
  readonly cacheSubnetGroupName: string;

  /**
   * The ECR repository for the application image.
   */
  readonly repository: ecr.IRepository;

  /**
   * ARN of the function that places tenants on the environment's load balancers at deployment: the service token of
   * the `Custom::MateTenantPlacement` resource of each tenant that does not pin its `listenerRulePriority`, from any
   * app.
   */
  readonly tenantPlacementFunctionArn: string;
}
