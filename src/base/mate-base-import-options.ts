import type * as route53 from 'aws-cdk-lib/aws-route53';

/**
 * What `MateBaseInfra.fromEnvironmentName()` must know at synthesis about an environment deployed elsewhere.
 *
 * Everything else is read from the SSM parameters the environment publishes, at deployment. Pass the same values the
 * environment's `MateBaseInfra` was given.
 */
export interface MateBaseImportOptions {
  /**
   * The `prefix` the environment was created with.
   *
   * @default 'mate'
   */
  readonly prefix?: string;

  /**
   * Number of Availability Zones of the environment's VPC (its `maxAzs`, or the number of its `availabilityZones`).
   *
   * @default 2
   */
  readonly availabilityZoneCount?: number;

  /**
   * The `applicationPort` the environment was created with.
   *
   * @default 8000
   */
  readonly applicationPort?: number;

  /**
   * The `domainName` the environment was created with. Giving it lets tenants validate their host names at synthesis.
   *
   * @default - read from the environment's SSM parameter at deployment
   */
  readonly domainName?: string;

  /**
   * The `loadBalancers` the environment was created with: how many load balancers its tenants can be placed on.
   *
   * @default 1
   */
  readonly loadBalancers?: number;

  /**
   * The `hostedZone` the environment was created with. When given, each tenant adds the alias record of
   * `<tenantId>.<domainName>` to its own load balancer in it.
   *
   * @default - tenants add no DNS record: the environment's wildcard record (if it has one) sends every tenant host
   * to its first load balancer, so tenants on another load balancer need a record of your own (stack output
   * `LoadBalancerDnsName<TenantId>` of the tenant)
   */
  readonly hostedZone?: route53.IHostedZone;
}
