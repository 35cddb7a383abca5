export * from './base';
export * from './deployment';
export * from './monitoring';
export * from './tenant';
export * from './tiers';
