/**
 * The hand-written side of the scale benchmark: the same environment and tenants as `mate-app.ts`, written directly
 * with aws-cdk-lib (no MATE import), with the same kinds of resources and roughly as many per tenant.
 */
import { App } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HandWrittenBaseStack } from './hand-written/hand-written-base-stack';
import { HandWrittenTenantStack } from './hand-written/hand-written-tenant-stack';
import { HAND_WRITTEN_TIERS } from './hand-written/hand-written-tiers';
import { loadBalancerCount, scaleTenants } from './scale-tenants';

const ENVIRONMENT = 'bench';
const DOMAIN = 'mate.example.com';

/** An app with the `bench` environment and `tenantCount` tenants, spread over `ceil(tenantCount / 100)` load balancers. */
export function createHandWrittenScaleApp(tenantCount: number, outdir: string): App {
  const app = new App({ outdir });
  const loadBalancers = loadBalancerCount(tenantCount);
  const base = new HandWrittenBaseStack(app, `HandWrittenBase-${ENVIRONMENT}`, {
    environmentName: ENVIRONMENT,
    domainName: DOMAIN,
    loadBalancers,
  });
  for (const tenant of scaleTenants(tenantCount)) {
    new HandWrittenTenantStack(app, `HandWrittenTenant-${tenant.tenantId}-${ENVIRONMENT}`, {
      base,
      stem: `mate-${tenant.tenantId}-${ENVIRONMENT}`,
      hostName: `${tenant.tenantId}.${DOMAIN}`,
      tier: HAND_WRITTEN_TIERS[tenant.tierName],
      image: (stack) => ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'mate-bench'), '1.0.0'),
      listener: base.httpsListeners[tenant.loadBalancerIndex],
      // Priorities count up per listener: a hand-written app knows all its tenants.
      listenerRulePriority: Math.floor(tenant.index / loadBalancers) + 1,
    });
  }
  return app;
}
