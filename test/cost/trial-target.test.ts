import { naiveTenantTemplate } from './naive-tenant';
import { estimateAssembly } from '../../src/cost/estimate-assembly';
import { estimateTemplate } from '../../src/cost/estimate-template';
import { US_EAST_1_PRICES } from '../../src/cost/price-table';
import { TenantTier } from '../../src/tiers';
import { createTenant } from '../fixtures';
import { checkedApp } from '../security/security-apps';

/** Issue 18: a Trial tenant costs at most three quarters of the seed's naive tenant. */
const TARGET_SHARE_OF_NAIVE = 0.75;

const naive = estimateTemplate('NaiveTenant', naiveTenantTemplate(), US_EAST_1_PRICES).totalUsd;
const tenantEstimate = (template: object) => estimateTemplate('tenant', template, US_EAST_1_PRICES).totalUsd;

describe('a Trial tenant at three quarters of the naive cost', () => {
  test('the demo\'s Trial tenant costs at most 0.75x the naive tenant, by the cost model', () => {
    const demo = estimateAssembly(checkedApp('examples/demo').outdir).find((estimate) => estimate.stackName === 'MateTenant-demo-dev')!;
    expect(demo.lines.find((line) => line.item.startsWith('RDS PostgreSQL'))?.item).toBe(`RDS PostgreSQL ${TenantTier.TRIAL.config.databaseInstanceClass}`);
    expect(demo.totalUsd).toBeLessThanOrEqual(TARGET_SHARE_OF_NAIVE * naive);
    // It keeps what matters: its alarms and its budget are priced in.
    expect(demo.lines.map((line) => line.item)).toEqual(expect.arrayContaining(['CloudWatch alarm metrics x 10', 'Budgets x 1']));
  });

  test('a Trial tenant of the library\'s defaults is within the target too', () => {
    expect(tenantEstimate(createTenant({ tier: TenantTier.TRIAL }).template.toJSON())).toBeLessThanOrEqual(TARGET_SHARE_OF_NAIVE * naive);
  });

  // Each saving is needed: undo one and the target is missed, so the check above can fail.
  test.each([
    ['Celery worker and Beat back on demand', { tier: TenantTier.TRIAL.derive('trial-on-demand-background', { backgroundOnSpotOnly: false }) }],
    ['a dashboard of its own again', { tier: TenantTier.TRIAL, dashboard: true }],
  ])('with %s, a Trial tenant misses the target', (_name, props) => {
    expect(tenantEstimate(createTenant(props).template.toJSON())).toBeGreaterThan(TARGET_SHARE_OF_NAIVE * naive);
  });
});
