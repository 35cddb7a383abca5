import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra, type MateBaseInfraProps } from '../../../src/base';
import { MateTenant, type MateTenantProps } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { CERTIFICATE_ARN } from '../../fixtures';

export { CERTIFICATE_ARN };

export const IMAGE = 'public.ecr.aws/sociant/mate:1.0.0';
export const ENV = { account: '123456789012', region: 'us-east-1' };

/** The three tier presets, for `test.each`. */
export const TIERS: Array<[string, TenantTier]> = [
  ['TRIAL', TenantTier.TRIAL],
  ['STANDARD', TenantTier.STANDARD],
  ['ENTERPRISE', TenantTier.ENTERPRISE],
];

/** Tenant props every test may override. */
export type TenantOverrides = Partial<Omit<MateTenantProps, 'base'>>;

export interface Environment {
  readonly app: App;
  readonly baseStack: Stack;
  readonly base: MateBaseInfra;
}

/**
 * A base of environment `dev` for `mate.example.com` in a stack of its own, with `baseProps` (or the props made in the
 * base's stack by `baseProps`, for a hosted zone of that stack).
 */
export function createEnvironment(baseProps: Partial<MateBaseInfraProps> | ((baseStack: Stack) => Partial<MateBaseInfraProps>) = {}): Environment {
  // The base is synthesized in an app of its own: a tenant's template is the same without it beside (a tenant reads
  // its environment from SSM parameters either way), and synthesizing only the tenant halves what each test costs.
  const app = new App();
  const baseStack = new Stack(new App(), 'MateBase-dev', { env: ENV });
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    ...typeof baseProps === 'function' ? baseProps(baseStack) : baseProps,
  });
  return { app, baseStack, base };
}

export interface TenantFixture {
  readonly stack: Stack;
  readonly tenant: MateTenant;
  readonly template: Template;
}

/** Tenant `tenantId` in a stack of its own, on the environment. */
export function addTenant(environment: Environment, tenantId: string, overrides: TenantOverrides = {}): TenantFixture {
  const stack = new Stack(environment.app, `MateTenant-${tenantId}-dev`, { env: ENV });
  const tenant = new MateTenant(stack, 'Tenant', {
    base: environment.base,
    tenantId,
    tier: TenantTier.TRIAL,
    image: ecs.ContainerImage.fromRegistry(IMAGE),
    ...overrides,
  });
  return { stack, tenant, get template() { return Template.fromStack(stack); } };
}

/** One tenant `demo` on a new environment. */
export function createTenant(overrides: TenantOverrides = {}): TenantFixture & Environment {
  const environment = createEnvironment();
  const { stack, tenant } = addTenant(environment, 'demo', overrides);
  return { ...environment, stack, tenant, get template() { return Template.fromStack(stack); } };
}

/** The only resource of `type` whose properties match, as [logicalId, resource]. */
export function onlyResource(template: Template, type: string, properties: Record<string, unknown> = {}): [string, any] {
  const found = Object.entries(template.findResources(type, { Properties: properties }));
  if (found.length !== 1) {
    throw new Error(`expected one ${type} matching ${JSON.stringify(properties)}, found ${found.length}`);
  }
  return found[0];
}

/** The logical id of the ECS service named `name`. */
export function serviceNamed(template: Template, name: string): [string, any] {
  return onlyResource(template, 'AWS::ECS::Service', { ServiceName: name });
}

/** The task definition of `family`. */
export function taskDefinitionOf(template: Template, family: string): [string, any] {
  return onlyResource(template, 'AWS::ECS::TaskDefinition', { Family: family });
}

const templatesByTier = new Map<TenantTier, TenantFixture & Environment>();

/** Tenant `demo` with default service props at `tier`, synthesized once per test file. */
export function defaultTenantAt(tier: TenantTier): TenantFixture & Environment {
  const cached = templatesByTier.get(tier);
  if (cached) {
    return cached;
  }
  const environment = createEnvironment();
  const { stack, tenant } = addTenant(environment, 'demo', { tier });
  const fixture = { ...environment, stack, tenant, template: Template.fromStack(stack) };
  templatesByTier.set(tier, fixture);
  return fixture;
}
