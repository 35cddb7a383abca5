/**
 * The MATE side of the scale benchmark: one environment (`MateBaseInfra`) and N tenants, each `MateTenant` in a stack
 * of its own, built only from the library's public API, with the defaults users get: no `listenerRulePriority` and no
 * `loadBalancerIndex`, so each tenant's load balancer and rule priority are chosen when its stack deploys, by the
 * environment's placement function (a `Custom::MateTenantPlacement` resource per tenant).
 */
import { App, Stack, type AppProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { loadBalancerCount, scaleTenants, type ScaleTenant, type TierName } from './scale-tenants';
import { MateBaseInfra, MateTenant, TenantTier, type IMateBase, type MateBaseInfraProps } from '../../src';

export const BENCH_ENVIRONMENT = 'bench';
export const BENCH_DOMAIN = 'mate.example.com';
const HOSTED_ZONE = { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' } as const;

const TIERS: Record<TierName, TenantTier> = {
  trial: TenantTier.TRIAL,
  standard: TenantTier.STANDARD,
  enterprise: TenantTier.ENTERPRISE,
};

/** The stack name of a benchmark tenant, as a user would name it. */
export function mateTenantStackName(tenantId: string): string {
  return `MateTenant-${tenantId}-${BENCH_ENVIRONMENT}`;
}

/** The base stack of the `bench` environment, as a user would name it. */
export const MATE_BASE_STACK_NAME = `MateBase-${BENCH_ENVIRONMENT}`;

/**
 * `appProps` to add to a test's or benchmark's app that leaves out what only `cdk` itself reads: the stack trace
 * recorded with every resource (`aws:cdk:creationStack` metadata) and with every annotation. Templates are the same.
 */
export const WITHOUT_STACK_TRACES: AppProps = {
  context: {
    'aws:cdk:disable-creation-stack-traces': true,
    'aws:cdk:disable-stack-trace': true,
  },
};

/** The load balancer count of an environment of `tenantCount` tenants; the default (one) is left out. */
function baseLoadBalancers(tenantCount: number): Pick<MateBaseInfraProps, 'loadBalancers'> {
  const loadBalancers = loadBalancerCount(tenantCount);
  return loadBalancers > 1 ? { loadBalancers } : {};
}

/** A benchmark tenant in its own stack of `app`, on `base`, with the props users give by default. */
function addMateTenant(app: App, base: IMateBase | ((stack: Stack) => IMateBase), tenant: ScaleTenant): MateTenant {
  const stack = new Stack(app, mateTenantStackName(tenant.tenantId));
  const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'mate-bench');
  return new MateTenant(stack, 'Tenant', {
    base: typeof base === 'function' ? base(stack) : base,
    tenantId: tenant.tenantId,
    tier: TIERS[tenant.tierName],
    image: ecs.ContainerImage.fromEcrRepository(repository, '1.0.0'),
  });
}

/** The `bench` environment's base stack, in `app`, with the load balancers `tenantCount` tenants need. */
function addMateBase(app: App, tenantCount: number): MateBaseInfra {
  const baseStack = new Stack(app, MATE_BASE_STACK_NAME);
  return new MateBaseInfra(baseStack, 'Base', {
    environment: BENCH_ENVIRONMENT,
    domainName: BENCH_DOMAIN,
    hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(baseStack, 'Zone', HOSTED_ZONE),
    ...baseLoadBalancers(tenantCount),
  });
}

/**
 * An app with the `bench` environment and `tenantCount` tenants (tiers Trial, Standard, Enterprise in turn) on
 * `ceil(tenantCount / 100)` load balancers. It synthesizes offline: the hosted zone is given, not looked up.
 */
export function createMateScaleApp(tenantCount: number, outdir: string, appProps: AppProps = {}): App {
  const app = new App({ ...appProps, outdir });
  const base = addMateBase(app, tenantCount);
  for (const tenant of scaleTenants(tenantCount)) {
    addMateTenant(app, base, tenant);
  }
  return app;
}

/** An app with only the base of the `bench` environment, sized for `tenantCount` tenants: the environment's own app. */
export function createMateBaseApp(tenantCount: number, outdir: string, appProps: AppProps = {}): App {
  const app = new App({ ...appProps, outdir });
  addMateBase(app, tenantCount);
  return app;
}

/** The `bench` environment of `tenantCount` tenants seen from a tenant's own app: found by name, as examples/template does. */
export function importBenchEnvironment(scope: Construct, tenantCount: number): IMateBase {
  return MateBaseInfra.fromEnvironmentName(scope, 'Base', BENCH_ENVIRONMENT, {
    ...baseLoadBalancers(tenantCount),
    hostedZone: route53.PublicHostedZone.fromHostedZoneAttributes(scope, 'Zone', HOSTED_ZONE),
  });
}

/**
 * An app of `tenants` (some of the benchmark's tenants) without the base: each tenant's stack finds the `bench`
 * environment of `environmentTenants` tenants by name, as an app deployed apart from the environment's does.
 */
export function createImportingTenantsApp(environmentTenants: number, tenants: readonly ScaleTenant[], outdir: string, appProps: AppProps = {}): App {
  const app = new App({ ...appProps, outdir });
  for (const tenant of tenants) {
    addMateTenant(app, (stack) => importBenchEnvironment(stack, environmentTenants), tenant);
  }
  return app;
}

/**
 * The single-tenant path: an app of one tenant, the last of an environment of `tenantCount` tenants (its tier cycles
 * with N: Trial at N = 1 and N = 1,000), on that environment imported by name, as examples/template does. Nothing in
 * it depends on the other tenants, so its synth should cost the same at any N.
 */
export function createSingleTenantApp(tenantCount: number, outdir: string, appProps: AppProps = {}): App {
  return createImportingTenantsApp(tenantCount, scaleTenants(tenantCount).slice(-1), outdir, appProps);
}
