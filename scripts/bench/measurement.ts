/** One (app, N) run joined with what its cloud assembly holds, and the figures the report compares. */
import type { AssemblyStats, StackStats } from './assembly-stats';
import { sum } from './assembly-stats';
import type { RunResult } from './run-result';

export interface Measurement {
  readonly run: RunResult;
  readonly assembly: AssemblyStats;
}

export interface TenantStackFigures {
  readonly meanResources: number;
  readonly maxResources: number;
  readonly meanBytes: number;
  readonly maxBytes: number;
  /** The tenant stack with the most resources (then the largest template). */
  readonly largest: StackStats;
}

export function tenantStackFigures(measurement: Measurement): TenantStackFigures {
  const stacks = measurement.assembly.tenantStacks;
  if (stacks.length === 0) {
    throw new Error(`${measurement.run.app} app with ${measurement.run.tenants} tenants synthesized no tenant stack`);
  }
  const largest = [...stacks].sort((a, b) => b.resources - a.resources || b.templateBytes - a.templateBytes)[0];
  return {
    meanResources: sum(stacks.map(({ resources }) => resources)) / stacks.length,
    maxResources: Math.max(...stacks.map(({ resources }) => resources)),
    meanBytes: sum(stacks.map(({ templateBytes }) => templateBytes)) / stacks.length,
    maxBytes: Math.max(...stacks.map(({ templateBytes }) => templateBytes)),
    largest,
  };
}

export function msPerResource(measurement: Measurement): number {
  return measurement.run.synthMs / measurement.assembly.totalResources;
}

/** Synth time per tenant stack the app synthesized (one for the single-tenant app, whatever its N). */
export function msPerTenant(measurement: Measurement): number {
  return measurement.run.synthMs / measurement.assembly.tenantStacks.length;
}
