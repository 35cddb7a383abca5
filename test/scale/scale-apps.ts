/**
 * The apps the scale tests synthesize, as work items both jest workers share (shared-synthesis.ts): the test files
 * that read them (environment-at-scale.test.ts, environment-of-1000-tenants.test.ts) and a helper test file
 * (synthesize-scale-apps.test.ts) each synthesize the apps no other worker has claimed yet, the largest first, so
 * that both cores synthesize whichever files jest runs first.
 *
 * - The environment of 250 tenants: its base and every tenant in one app (the benchmark's MATE app at N = 250), and
 *   the same base alone.
 * - The environment of 1,000 tenants on 10 load balancers: the base in the environment's own app, and the tenants in
 *   apps of 50, each tenant's stack finding the environment by name, as apps deployed apart from the environment's
 *   do. No app sees more than its own 50 tenants: only the placement function, at deployment, sees them all. Apps of
 *   50 also keep a worker's memory at that of 50 tenants. Then tenant t1001 in an app of its own.
 * - c10 and c14, whose hashed priorities collide, each in an app of its own.
 */
import { SharedSynthesis, type WorkItem } from './shared-synthesis';
import { createImportingTenantsApp, createMateBaseApp, createMateScaleApp, WITHOUT_STACK_TRACES } from '../../scripts/bench/mate-app';
import { scaleTenants, type ScaleTenant } from '../../scripts/bench/scale-tenants';

/** Templates are the same without tree.json and the stack traces only `cdk` reads; synthesis is a third cheaper. */
const APP_PROPS = { ...WITHOUT_STACK_TRACES, treeMetadata: false };

export const ENVIRONMENT_OF_250 = 'environment-of-250-tenants';
export const ENVIRONMENT_OF_1000 = 'environment-of-1000-tenants';
const TENANTS_PER_APP = 50;

/** A tenant of its own id, Trial, in no benchmark environment's order. */
function tenant(tenantId: string): ScaleTenant {
  return { index: 0, tenantId, tierName: 'trial', loadBalancerIndex: 0 };
}

/** The 250-tenant environment's apps. */
export const APPS_OF_250 = {
  environment: { name: '250-tenants-in-one-app', consumer: ENVIRONMENT_OF_250, synthesize: (outdir) => createMateScaleApp(250, outdir, APP_PROPS).synth() },
  baseAlone: { name: '250-base-alone', consumer: ENVIRONMENT_OF_250, synthesize: (outdir) => createMateBaseApp(250, outdir, APP_PROPS).synth() },
  collidingIds: ['c10', 'c14'].map((tenantId): WorkItem => ({
    name: `tenant-${tenantId}`,
    consumer: ENVIRONMENT_OF_250,
    synthesize: (outdir) => createImportingTenantsApp(250, [tenant(tenantId)], outdir, APP_PROPS).synth(),
  })),
} satisfies Record<string, WorkItem | WorkItem[]>;

/** The 1,000-tenant environment's apps: the base's, then the tenants' in order. */
export const APPS_OF_1000 = {
  base: { name: '1000-base', consumer: ENVIRONMENT_OF_1000, synthesize: (outdir) => createMateBaseApp(1000, outdir, APP_PROPS).synth() },
  tenants: Array.from({ length: 1000 / TENANTS_PER_APP }, (_, app): WorkItem => ({
    name: `1000-tenants-${String(app + 1).padStart(2, '0')}`,
    consumer: ENVIRONMENT_OF_1000,
    synthesize: (outdir) => {
      const tenants = scaleTenants(1000).slice(app * TENANTS_PER_APP, (app + 1) * TENANTS_PER_APP);
      createImportingTenantsApp(1000, tenants, outdir, APP_PROPS).synth();
    },
  })),
  /** t1001, in an app of its own: the environment has no room for it. */
  oneMore: { name: '1000-tenant-1001', consumer: ENVIRONMENT_OF_1000, synthesize: (outdir) => createImportingTenantsApp(1000, [tenant('t1001')], outdir, APP_PROPS).synth() },
} satisfies Record<string, WorkItem | WorkItem[]>;

/** Largest first, so that the last app to finish is a small one. */
const ALL_APPS: WorkItem[] = [
  APPS_OF_250.environment,
  APPS_OF_1000.base,
  ...APPS_OF_1000.tenants,
  APPS_OF_1000.oneMore,
  APPS_OF_250.baseAlone,
  ...APPS_OF_250.collidingIds,
];

/** The apps, shared by the workers of this jest run; undefined without the run's directory (test/setup). */
export function sharedScaleApps(): SharedSynthesis | undefined {
  return SharedSynthesis.ofThisRun('scale-apps', ALL_APPS);
}

let apps: SharedSynthesis | undefined;

/**
 * The apps of this jest run, shared with its other workers, or synthesized here alone when the run has no directory
 * for them (then call `removeIfPrivate` after the tests).
 */
export function scaleApps(): SharedSynthesis {
  apps ??= sharedScaleApps() ?? SharedSynthesis.private('scale-apps', ALL_APPS);
  return apps;
}
