import type { IConstruct } from 'constructs';
import type { IMateBase } from '../base/mate-base';

/** Tenants already defined in each app, by environment and tenant id, to catch a tenant defined twice. */
const tenantsByApp = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `tenant` is tenant `tenantId` of `base`'s environment, failing if the app already defines that
 * tenant: two silos with one name would collide on every AWS name they derive.
 */
export function registerTenant(base: IMateBase, tenantId: string, tenant: IConstruct): void {
  const root = tenant.node.root;
  const tenants = tenantsByApp.get(root) ?? new Map<string, string>();
  tenantsByApp.set(root, tenants);

  const key = `${base.prefix}/${base.environment}/${tenantId}`;
  const existing = tenants.get(key);
  if (existing !== undefined) {
    throw new Error(`Invalid MateTenant '${tenantId}':\n  - tenantId '${tenantId}' is already used in environment '${base.environment}' by ${existing}; give each tenant of an environment its own tenantId`);
  }
  tenants.set(key, tenant.node.path);
}
