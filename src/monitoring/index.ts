export * from './tenant-alarm-thresholds';
