export * from './mate-tenant';
export * from './mate-tenant-props';
