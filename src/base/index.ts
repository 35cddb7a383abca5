export * from './mate-base';
export * from './mate-base-infra';
export * from './mate-base-infra-props';
export * from './mate-base-import-options';
