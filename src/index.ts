export * from './base';
export * from './tiers';
