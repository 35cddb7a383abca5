/** What one measured synth reports to the harness. */

/**
 * `mate` and `hand-written`: the environment and N tenants in one app. `mate-single-tenant`: the single-tenant path,
 * one tenant of an environment of N in an app of its own, the environment imported by name (examples/template).
 */
export const BENCH_APPS = ['mate', 'hand-written', 'mate-single-tenant'] as const;
export type BenchApp = (typeof BENCH_APPS)[number];

export function isBenchApp(name: string | undefined): name is BenchApp {
  return (BENCH_APPS as readonly (string | undefined)[]).includes(name);
}

export interface RunResult {
  readonly app: BenchApp;
  /** Tenants of the environment (the single-tenant app synthesizes one of them). */
  readonly tenants: number;
  readonly outdir: string;
  /** From process start to the start of the run: Node, ts-node, and loading (transpiling) aws-cdk-lib and the apps. */
  readonly startupMs: number;
  /** From before `new App()` to after `app.synth()`. */
  readonly synthMs: number;
  /**
   * CPU time (user + system, every thread of the process) over the same window: what other load on the machine
   * changes least, since it only ever adds waiting.
   */
  readonly synthCpuMs: number;
  /** Peak resident set size of the process, in KiB. */
  readonly maxRssKiB: number;
  /** The synth window on the monotonic clock, in microseconds (the clock of `--cpu-prof` profiles). */
  readonly synthStartMicros: number;
  readonly synthEndMicros: number;
}
