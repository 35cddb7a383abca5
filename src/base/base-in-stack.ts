import { Stack, Stage } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ImportedMateBase } from './imported-mate-base';
import type { IMateBase } from './mate-base';
import { AppRegistry } from '../private/app-registry';

/**
 * `base` as seen from the stack of `scope`.
 *
 * In the base's own stack that is `base` itself. In any other stack it is an import of the environment from its SSM
 * parameters (one per stack and environment), so the consuming stack holds no `Fn::ImportValue` and the base stack no
 * export: tenants come and go without ever locking or changing the base stack. When both stacks are in the same
 * stage, the consuming stack depends on the base stack, so that deployment order is still right.
 */
export function baseInStackOf(scope: Construct, base: IMateBase): IMateBase {
  const stack = Stack.of(scope);
  const baseStack = Stack.of(base);
  if (stack === baseStack) {
    return base;
  }
  // One view per consuming stack and environment.
  const views = AppRegistry.of(stack).environmentViews;
  const key = `${stack.node.path} ${base.prefix}/${base.environment}`;
  const existing = views.get(key) as IMateBase | undefined;
  if (existing) {
    return existing;
  }

  const view = new ImportedMateBase(stack, `MateBase-${base.prefix}-${base.environment}`, base.environment, {
    prefix: base.prefix,
    availabilityZoneCount: base.availabilityZoneCount,
    applicationPort: base.applicationPort,
    domainName: base.domainName,
    loadBalancers: base.loadBalancers.length,
  }, base.hostedZone?.zoneName);
  views.set(key, view);
  if (Stage.of(stack) === Stage.of(baseStack) && stack.node.root === baseStack.node.root) {
    // Construct-level dependency: the same stack-to-stack dependency on every aws-cdk-lib version users may bring.
    stack.node.addDependency(baseStack);
  }
  return view;
}
