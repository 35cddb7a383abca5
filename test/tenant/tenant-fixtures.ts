import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra } from '../../src/base';
import { MateTenant, type MateTenantProps } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';
import { CERTIFICATE_ARN } from '../fixtures';

export { CERTIFICATE_ARN };

/** The three presets, for `test.each`. */
export const PRESET_TIERS: Array<[string, TenantTier]> = [
  ['trial', TenantTier.TRIAL],
  ['standard', TenantTier.STANDARD],
  ['enterprise', TenantTier.ENTERPRISE],
];

/** An app for tenants of environment `dev` for `mate.example.com`, whose base is in stack `MateBase-dev` of another app. */
export function createApp(): { app: App; base: MateBaseInfra } {
  // The base is synthesized in an app of its own: a tenant's template is the same without it beside (a tenant reads
  // its environment from SSM parameters either way), and synthesizing only the tenant halves what each test costs.
  const app = new App();
  const baseStack = new Stack(new App(), 'MateBase-dev');
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
  });
  return { app, base };
}

/** Props of a tenant `tenantId` on `base`; `overrides` replace them. */
export function tenantProps(base: MateBaseInfra, tenantId: string, overrides: Partial<MateTenantProps> = {}): MateTenantProps {
  return {
    base,
    tenantId,
    tier: TenantTier.TRIAL,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/mate:1.0.0'),
    ...overrides,
  };
}

export interface TenantFixture {
  readonly app: App;
  readonly base: MateBaseInfra;
  readonly stack: Stack;
  readonly tenant: MateTenant;
  readonly template: Template;
}

/** Tenant `tenantId` (default `demo`) in stack `MateTenant-<tenantId>-dev` of a new app. */
export function createTenant(overrides: Partial<MateTenantProps> = {}, tenantId = 'demo'): TenantFixture {
  const { app, base } = createApp();
  return addTenant(app, base, tenantId, overrides);
}

/**
 * Adds tenant `tenantId` to `app` in a stack of its own. The template is synthesized on first use, so that several
 * tenants can be added to one app before any is read.
 */
export function addTenant(app: App, base: MateBaseInfra, tenantId: string, overrides: Partial<MateTenantProps> = {}): TenantFixture {
  const stack = new Stack(app, `MateTenant-${tenantId}-dev`);
  const tenant = new MateTenant(stack, 'Tenant', tenantProps(base, tenantId, overrides));
  let template: Template | undefined;
  return {
    app,
    base,
    stack,
    tenant,
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

/** The only resource of `type` in `template`, with its logical id. */
export function onlyResource(template: Template, type: string): { id: string; resource: { [key: string]: any } } {
  const resources = template.findResources(type);
  const ids = Object.keys(resources);
  if (ids.length !== 1) {
    throw new Error(`expected one ${type}, found ${ids.length}`);
  }
  return { id: ids[0], resource: resources[ids[0]] };
}
