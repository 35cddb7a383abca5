import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateBaseInfra, type MateBaseInfraProps } from '../../src/base';
import { MateTenant, type MateTenantProps } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';
import { CERTIFICATE_ARN } from '../fixtures';
import { destructiveChanges } from '../tenant/data/destructive-changes';

/** Tenant props as a user writes them after go-live; a function gets the tenant's stack for props that need one. */
export type TenantChange = Partial<MateTenantProps> | ((stack: Stack) => Partial<MateTenantProps>);

/** What one deployment looks like: the base's and the tenant's templates. */
export interface Deployment {
  readonly base: { [key: string]: any };
  readonly tenant: { [key: string]: any };
}

/** The base's template of an unchanged base, per app context: tenant changes never change it. */
const unchangedBases = new Map<string, { [key: string]: any }>();

/**
 * The environment `dev` and its tenant `demo` (Standard, image 1.0.0), with `base` and `tenant` changed, in apps with
 * `context`. The tenant's stack is synthesized in an app of its own: its template is the same as beside the base (a
 * tenant reads its environment from SSM parameters either way), and an unchanged base is synthesized once.
 */
export function deployment(base: Partial<MateBaseInfraProps> = {}, tenant: TenantChange = {}, context: { [key: string]: unknown } = {}): Deployment {
  const baseStack = new Stack(new App({ context }), 'MateBase-dev');
  const mateBase = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    ...base,
  });
  const tenantStack = new Stack(new App({ context }), 'MateTenant-demo-dev');
  new MateTenant(tenantStack, 'Tenant', {
    base: mateBase,
    tenantId: 'demo',
    tier: TenantTier.STANDARD,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/sociant/mate:1.0.0'),
    ...(typeof tenant === 'function' ? tenant(tenantStack) : tenant),
  });
  const unchangedKey = Object.keys(base).length === 0 ? JSON.stringify(context) : undefined;
  const baseTemplate = (unchangedKey !== undefined ? unchangedBases.get(unchangedKey) : undefined) ?? Template.fromStack(baseStack).toJSON();
  if (unchangedKey !== undefined) {
    unchangedBases.set(unchangedKey, baseTemplate);
  }
  return { base: baseTemplate, tenant: Template.fromStack(tenantStack).toJSON() };
}

/** Every database, cache, bucket, file system, key, secret or vault that moving from `before` to `after` would lose. */
export function dataLosses(before: Deployment, after: Deployment): string[] {
  return [
    ...destructiveChanges(before.base, after.base).map((problem) => `MateBase-dev ${problem}`),
    ...destructiveChanges(before.tenant, after.tenant).map((problem) => `MateTenant-demo-dev ${problem}`),
  ];
}

/** Whether `after` differs from `before` at all: a change that changes nothing proves nothing. */
export function changesAnything(before: Deployment, after: Deployment): boolean {
  return JSON.stringify(before) !== JSON.stringify(after);
}
