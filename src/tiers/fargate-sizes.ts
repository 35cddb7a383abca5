/**
 * The CPU and memory combinations Fargate accepts for Linux tasks.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const FARGATE_MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) {
    values.push(value);
  }
  return values;
}

/** Fargate's accepted CPU values, in CPU units. */
export function fargateCpuValues(): number[] {
  return [...FARGATE_MEMORY_BY_CPU.keys()];
}

/** The memory values (MiB) Fargate accepts with `cpu`, or an empty list when `cpu` itself is not accepted. */
export function fargateMemoryValuesFor(cpu: number): readonly number[] {
  return FARGATE_MEMORY_BY_CPU.get(cpu) ?? [];
}

/** Describes `values` compactly for an error message: `1024, 2048, ... 8192 (steps of 1024)`. */
export function describeMemoryValues(values: readonly number[]): string {
  if (values.length <= 3) {
    return values.join(', ');
  }
  const step = values[1] - values[0];
  return `${values[0]} to ${values[values.length - 1]} in steps of ${step}`;
}
