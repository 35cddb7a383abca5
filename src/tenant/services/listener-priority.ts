/** ALB listener rule priorities run from 1 to 50000; the default rule has no number. */
export const MIN_LISTENER_RULE_PRIORITY = 1;
export const MAX_LISTENER_RULE_PRIORITY = 50_000;
