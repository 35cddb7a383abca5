// Private module: imported by constructs, never exported from the package.
export * from './dns-label';
export * from './environment-names';
export * from './name-limits';
export * from './tenant-names';
