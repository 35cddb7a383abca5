/**
 * Elastic Load Balancing quotas that decide how many tenants an environment's load balancers hold.
 *
 * Each tenant adds one target group and one listener rule to the HTTPS listener of its load balancer; an Application
 * Load Balancer takes at most 100 target groups (not adjustable) and, by default, 100 rules.
 */
export const TENANTS_PER_LOAD_BALANCER = 100;

/**
 * The most load balancers one environment creates. Each adds eight resources to the base stack and an hourly charge;
 * ten serve a thousand tenants, and the Region's default quota of 50 load balancers stays shared with other workloads.
 */
export const MAX_LOAD_BALANCERS = 10;
