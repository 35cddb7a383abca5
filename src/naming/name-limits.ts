/**
 * The length limits of the AWS names this library derives.
 */
export const NAME_LIMITS = {
  ecsCluster: 255,
  ecsService: 255,
  taskDefinitionFamily: 255,
  logGroup: 512,
  s3Bucket: 63,
  loadBalancer: 32,
  targetGroup: 32,
  cacheReplicationGroupId: 40,
  databaseInstanceIdentifier: 63,
  backupVault: 50,
  dashboard: 255,
  alarm: 255,
  iamRolePath: 512,
  secretName: 512,
  hostName: 253,
  wafWebAcl: 128,
  iamRole: 64,
  ecrRepository: 256,
  subnetGroup: 255,
} as const;

/** A derived name and the AWS limit it must fit. */
export interface CheckedName {
  /** What the name names, in words, for error messages. */
  readonly resource: string;
  readonly name: string;
  readonly maxLength: number;
}

/**
 * The problems with names over their limit, each naming the props that make up the name and how far over it is.
 */
export function lengthProblems(names: readonly CheckedName[], propsToShorten: string): string[] {
  return names
    .filter((checked) => checked.name.length > checked.maxLength)
    .map((checked) => `the ${checked.resource} name '${checked.name}' is ${checked.name.length} characters; AWS allows ${checked.maxLength}. Shorten ${propsToShorten} by at least ${checked.name.length - checked.maxLength} characters`);
}
