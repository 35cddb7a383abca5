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

/** The environment `dev` and its tenant `demo` (Standard, image 1.0.0), with `base` and `tenant` changed, in an app with `context`. */
export function deployment(base: Partial<MateBaseInfraProps> = {}, tenant: TenantChange = {}, context: { [key: string]: unknown } = {}): Deployment {
  const app = new App({ context });
  const baseStack = new Stack(app, 'MateBase-dev');
  const mateBase = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    ...base,
  });
  const tenantStack = new Stack(app, 'MateTenant-demo-dev');
  new MateTenant(tenantStack, 'Tenant', {
    base: mateBase,
    tenantId: 'demo',
    tier: TenantTier.STANDARD,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/sociant/mate:1.0.0'),
    ...(typeof tenant === 'function' ? tenant(tenantStack) : tenant),
  });
  return { base: Template.fromStack(baseStack).toJSON(), tenant: Template.fromStack(tenantStack).toJSON() };
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
