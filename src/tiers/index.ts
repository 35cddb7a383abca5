export * from './tenant-tier';
export * from './tenant-tier-config';
export * from './tenant-tier-overrides';
