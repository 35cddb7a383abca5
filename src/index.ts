export * from './base';
export * from './tenant';
export * from './tiers';
