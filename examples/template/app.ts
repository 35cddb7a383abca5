import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations, type AppProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MateBaseInfra, MateTenant, TenantTier } from '@sociant/mate-infra';

/** The one place a new tenant is described: `tenant.json` beside this file. */
export interface TenantConfig {
  /** The existing environment to attach to, e.g. `dev`: its `MateBaseInfra` is deployed already. */
  readonly environment: string;
  /** The new tenant's id, a lower-case DNS label. */
  readonly tenantId: string;
  /** `trial`, `standard` or `enterprise`. */
  readonly tier: string;
  /** Tag of the application image in the environment's ECR repository. */
  readonly imageTag: string;
  /** The environment's name prefix, if it is not `mate`. */
  readonly prefix?: string;
  /** How many load balancers the environment has (its `loadBalancers`), if more than one. */
  readonly loadBalancers?: number;
  /** Which of them serves the tenant, from 0; each holds at most 100 tenants. */
  readonly loadBalancerIndex?: number;
  /** The environment's public hosted zone, if it has one: the tenant then adds the DNS record of its host name. */
  readonly hostedZone?: { readonly id: string; readonly name: string };
}

const TIERS: Record<string, TenantTier> = {
  trial: TenantTier.TRIAL,
  standard: TenantTier.STANDARD,
  enterprise: TenantTier.ENTERPRISE,
};

/** Reads and checks `tenant.json` (or another file). */
export function readTenantConfig(file: string = path.join(__dirname, 'tenant.json')): TenantConfig {
  const config = JSON.parse(fs.readFileSync(file, 'utf-8')) as TenantConfig;
  const missing = (['environment', 'tenantId', 'tier', 'imageTag'] as const).filter((key) => typeof config[key] !== 'string');
  if (missing.length > 0) {
    throw new Error(`${file}: set ${missing.join(', ')} (strings)`);
  }
  const notNumbers = (['loadBalancers', 'loadBalancerIndex'] as const).filter((key) => config[key] !== undefined && typeof config[key] !== 'number');
  if (notNumbers.length > 0) {
    throw new Error(`${file}: ${notNumbers.join(', ')} must be ${notNumbers.length === 1 ? 'a number' : 'numbers'}`);
  }
  if (!(config.tier in TIERS)) {
    throw new Error(`${file}: tier '${config.tier}' is not one of ${Object.keys(TIERS).join(', ')}`);
  }
  return config;
}

/**
 * A tenant on an environment deployed from another app, as the seed's `terraform/tenants/template`: the environment
 * is found by its name through the SSM parameters its base publishes, so this app deploys on its own.
 */
export function createTemplateApp(config: TenantConfig = readTenantConfig(), props: AppProps = {}): App {
  const app = new App(props);
  // The stack name checks the ids first, so a tenant id such as 'Acme_Corp' fails with MATE's message, not CDK's.
  const stack = new Stack(app, MateTenant.stackName(config.tenantId, config.environment), {
    description: `MATE tenant ${config.tenantId} (${config.tier}) in environment ${config.environment}`,
  });

  const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', config.environment, {
    prefix: config.prefix,
    loadBalancers: config.loadBalancers,
    // Given as attributes, not looked up, so the app synthesizes offline.
    hostedZone: config.hostedZone && route53.PublicHostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: config.hostedZone.id,
      zoneName: config.hostedZone.name,
    }),
  });
  const repository = ecr.Repository.fromRepositoryName(stack, 'AppRepository', `${config.prefix ?? 'mate'}-${config.environment}`);
  new MateTenant(stack, 'Tenant', {
    base,
    tenantId: config.tenantId,
    tier: TIERS[config.tier],
    image: ecs.ContainerImage.fromEcrRepository(repository, config.imageTag),
    loadBalancerIndex: config.loadBalancerIndex,
  });
  return app;
}

/**
 * Checks `app` with the AwsSolutions, HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 packs of cdk-nag: a finding
 * that is not acknowledged where it arises fails the synth.
 */
export function withSecurityChecks(app: App): App {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
  );
  return app;
}
