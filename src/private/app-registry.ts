import { Construct, type IConstruct } from 'constructs';

/** The construct id of the registry under an app's root: unlikely to clash with a user's stack id. */
const REGISTRY_ID = '@sociant/mate-infra.Registry';

/**
 * What MATE's constructs of one app know of each other, in one place: which stacks hold an environment, which tenant
 * ids each environment has, which tenant holds each rule priority on each load balancer, and each stack's view of an
 * environment defined in another stack. A construct without resources under the app's root, so that it lives and
 * dies with the app (tests build many apps in one process) instead of in module-level maps.
 */
export class AppRegistry extends Construct {
  /** The registry of the app `scope` belongs to, created on first use. */
  public static of(scope: IConstruct): AppRegistry {
    const root = scope.node.root;
    return (root.node.tryFindChild(REGISTRY_ID) as AppRegistry | undefined) ?? new AppRegistry(root as Construct, REGISTRY_ID);
  }

  /** Paths of the stacks that hold a `MateBaseInfra`. */
  public readonly stacksWithEnvironment = new Set<string>();

  /** Construct path of each tenant, by `<prefix>/<environment>/<tenantId>`. */
  public readonly tenants = new Map<string, string>();

  /** Tenant id holding each listener-rule priority, by `<prefix>/<environment>/<loadBalancerIndex>`. */
  public readonly listenerRules = new Map<string, Map<number, string>>();

  /** Each stack's view of an environment defined in another stack, by `<stack path> <prefix>/<environment>`. */
  public readonly environmentViews = new Map<string, unknown>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }
}
