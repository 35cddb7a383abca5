/** What one measured synth reports to the harness. */

export const BENCH_APPS = ['mate', 'hand-written'] as const;
export type BenchApp = (typeof BENCH_APPS)[number];

export function isBenchApp(name: string | undefined): name is BenchApp {
  return (BENCH_APPS as readonly (string | undefined)[]).includes(name);
}

export interface RunResult {
  readonly app: BenchApp;
  readonly tenants: number;
  readonly outdir: string;
  /** From process start to the start of the run: Node, ts-node, and loading (transpiling) aws-cdk-lib and the apps. */
  readonly startupMs: number;
  /** From before `new App()` to after `app.synth()`. */
  readonly synthMs: number;
  /** Peak resident set size of the process, in KiB. */
  readonly maxRssKiB: number;
  /** The synth window on the monotonic clock, in microseconds (the clock of `--cpu-prof` profiles). */
  readonly synthStartMicros: number;
  readonly synthEndMicros: number;
}
