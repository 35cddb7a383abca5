export * from './mate-base';
