/**
 * The MATE side of the scale benchmark: one environment (`MateBaseInfra`) and N tenants, each `MateTenant` in a stack
 * of its own, built only from the library's public API (plus the priorities of `listener-priorities.ts`).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { explicitListenerRulePriorities } from './listener-priorities';
import { loadBalancerCount, scaleTenants, type TierName } from './scale-tenants';
import { MateBaseInfra, MateTenant, TenantTier, type MateBaseInfraProps, type MateTenantProps } from '../../src';

export const BENCH_ENVIRONMENT = 'bench';
export const BENCH_DOMAIN = 'mate.example.com';

const TIERS: Record<TierName, TenantTier> = {
  trial: TenantTier.TRIAL,
  standard: TenantTier.STANDARD,
  enterprise: TenantTier.ENTERPRISE,
};

/**
 * The load balancer props of issue 9 (`loadBalancers` on the base, `loadBalancerIndex` on a tenant). Spread into the
 * props rather than written inline so that this file compiles against a library with or without them; the
 * defaults (one load balancer, index 0) are left out, so up to 100 tenants the props are never needed.
 */
interface LoadBalancerPlacement {
  readonly loadBalancers?: number;
  readonly loadBalancerIndex?: number;
}

function baseLoadBalancers(loadBalancers: number): LoadBalancerPlacement {
  return loadBalancers > 1 ? { loadBalancers } : {};
}

function tenantLoadBalancer(loadBalancerIndex: number): LoadBalancerPlacement {
  return loadBalancerIndex > 0 ? { loadBalancerIndex } : {};
}

/** The stack name of a benchmark tenant, as a user would name it. */
export function mateTenantStackName(tenantId: string): string {
  return `MateTenant-${tenantId}-${BENCH_ENVIRONMENT}`;
}

/**
 * An app with the `bench` environment and `tenantCount` tenants (tiers Trial, Standard, Enterprise in turn), spread
 * over `ceil(tenantCount / 100)` load balancers. It synthesizes offline: the hosted zone is given, not looked up.
 */
export function createMateScaleApp(tenantCount: number, outdir: string): App {
  const app = new App({ outdir });

  const baseStack = new Stack(app, `MateBase-${BENCH_ENVIRONMENT}`);
  const baseProps: MateBaseInfraProps = {
    environment: BENCH_ENVIRONMENT,
    domainName: BENCH_DOMAIN,
    hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(baseStack, 'Zone', {
      hostedZoneId: 'Z0123456789EXAMPLE',
      zoneName: 'example.com',
    }),
    ...baseLoadBalancers(loadBalancerCount(tenantCount)),
  };
  const base = new MateBaseInfra(baseStack, 'Base', baseProps);

  const tenants = scaleTenants(tenantCount);
  const priorities = explicitListenerRulePriorities(tenants);
  for (const tenant of tenants) {
    const stack = new Stack(app, mateTenantStackName(tenant.tenantId));
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'mate-bench');
    const props: MateTenantProps = {
      base,
      tenantId: tenant.tenantId,
      tier: TIERS[tenant.tierName],
      image: ecs.ContainerImage.fromEcrRepository(repository, '1.0.0'),
      listenerRulePriority: priorities.get(tenant.tenantId),
      ...tenantLoadBalancer(tenant.loadBalancerIndex),
    };
    new MateTenant(stack, 'Tenant', props);
  }
  return app;
}
