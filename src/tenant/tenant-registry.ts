import type { IConstruct } from 'constructs';
import type { IMateBase } from '../base/mate-base';
import { AppRegistry } from '../private/app-registry';
import { throwIfProblems } from '../private/problems';

/**
 * Records that `tenant` is tenant `tenantId` of `base`'s environment, failing if the app already defines that
 * tenant: two silos with one name would collide on every AWS name they derive.
 */
export function registerTenant(base: IMateBase, tenantId: string, tenant: IConstruct): void {
  const tenants = AppRegistry.of(tenant).tenants;
  const key = `${base.prefix}/${base.environment}/${tenantId}`;
  const existing = tenants.get(key);
  if (existing !== undefined) {
    throwIfProblems(`MateTenant '${tenantId}'`, [`tenantId '${tenantId}' is already used in environment '${base.environment}' by ${existing}; give each tenant of an environment its own tenantId`], tenant);
  }
  tenants.set(key, tenant.node.path);
}
