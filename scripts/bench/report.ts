/** The benchmark's printed report: the measurements table, the MATE/hand-written ratios, growth and the goals. */
import { resourceTypes } from './assembly-stats';
import { msPerResource, msPerTenant, tenantStackFigures, type Measurement } from './measurement';
import type { ProfileSummary, TimeShare } from './profile-summary';
import type { BenchApp } from './run-result';

/** Goals of issue 9. */
export const GOALS = {
  /** Per-resource synth time of MATE at most this multiple of the hand-written app's, at every N. */
  maxTimeRatio: 1.5,
  /** Synth time per tenant at the largest N at most this multiple of the one at N = 10: linear growth. */
  maxGrowth: 1.5,
  /** Half of CloudFormation's 500 resources per stack. */
  maxTenantStackResources: 250,
  /** Half of CloudFormation's 1 MB template limit (templates uploaded through S3), in bytes: 500 kB. */
  maxTenantStackBytes: 500 * 1000,
  /**
   * The single-tenant path's synth time at the largest N at most this multiple of the one at the smallest: its cost
   * does not depend on N (the margin is run-to-run noise; its template must not change at all).
   */
  maxSingleTenantGrowth: 1.2,
} as const;

// Template sizes in kB and MB (powers of 1000), the units of CloudFormation's limits; memory in MiB.
const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const MB = (bytes: number) => (bytes / 1000 / 1000).toFixed(1);
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');

function table(header: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function measurementsTable(measurements: Measurement[]): string {
  return table(
    ['app', 'N', 'stacks', 'resources', 'templates MB', 'startup + load s', 'synth s', 'synth CPU s', 'peak RSS MiB',
      'ms/resource', 'ms/tenant', 'tenant resources mean/max', 'tenant template kB mean/max'],
    measurements.map((measurement) => {
      const { run, assembly } = measurement;
      const tenants = tenantStackFigures(measurement);
      return [
        run.app, run.tenants, assembly.stacks.length, assembly.totalResources, MB(assembly.totalTemplateBytes),
        seconds(run.startupMs), seconds(run.synthMs), seconds(run.synthCpuMs), (run.maxRssKiB / 1024).toFixed(0),
        msPerResource(measurement).toFixed(2), msPerTenant(measurement).toFixed(0),
        `${tenants.meanResources.toFixed(1)} / ${tenants.maxResources}`,
        `${kB(tenants.meanBytes)} / ${kB(tenants.maxBytes)}`,
      ];
    }),
  );
}

function find(measurements: Measurement[], app: BenchApp, tenants: number): Measurement | undefined {
  return measurements.find(({ run }) => run.app === app && run.tenants === tenants);
}

/** MATE's per-resource time over the hand-written app's, per N. */
export function ratioTable(measurements: Measurement[], sizes: number[]): { text: string; pass: boolean } {
  let pass = true;
  const rows = sizes.flatMap((tenants) => {
    const mate = find(measurements, 'mate', tenants);
    const handWritten = find(measurements, 'hand-written', tenants);
    if (!mate || !handWritten) {
      return [];
    }
    const ratio = msPerResource(mate) / msPerResource(handWritten);
    const cpuRatio = (mate.run.synthCpuMs / mate.assembly.totalResources) / (handWritten.run.synthCpuMs / handWritten.assembly.totalResources);
    pass &&= ratio <= GOALS.maxTimeRatio;
    return [[tenants, msPerResource(mate).toFixed(2), msPerResource(handWritten).toFixed(2), `${ratio.toFixed(2)}x`,
      `${(mate.run.synthMs / handWritten.run.synthMs).toFixed(2)}x`, `${cpuRatio.toFixed(2)}x`, verdict(ratio <= GOALS.maxTimeRatio)]];
  });
  return {
    text: table(['N', 'MATE ms/resource', 'hand-written ms/resource', 'ratio (goal <= 1.5x)', 'total synth time ratio',
      'per-resource ratio of CPU time', 'goal'], rows),
    pass,
  };
}

/** Time per tenant at each N relative to N = 1 and N = 10, and the marginal time of the tenants added since the previous N. */
export function growthTable(measurements: Measurement[], sizes: number[]): { text: string; pass: boolean } {
  let pass = true;
  const rows: Array<Array<string | number>> = [];
  for (const app of ['mate', 'hand-written'] as const) {
    const runs = sizes.map((tenants) => find(measurements, app, tenants)).filter((m): m is Measurement => m !== undefined);
    const first = runs[0];
    const reference = runs.find(({ run }) => run.tenants >= 10) ?? first;
    runs.forEach((measurement, index) => {
      const previous = runs[index - 1];
      const marginal = previous
        ? (measurement.run.synthMs - previous.run.synthMs) / (measurement.run.tenants - previous.run.tenants)
        : undefined;
      const growth = msPerTenant(measurement) / msPerTenant(reference);
      const checked = app === 'mate' && measurement.run.tenants > reference.run.tenants;
      if (checked) {
        pass &&= growth <= GOALS.maxGrowth;
      }
      rows.push([app, measurement.run.tenants, msPerTenant(measurement).toFixed(0),
        (msPerTenant(measurement) / msPerTenant(first)).toFixed(2), growth.toFixed(2),
        marginal === undefined ? '' : marginal.toFixed(0), checked ? verdict(growth <= GOALS.maxGrowth) : '']);
    });
  }
  return {
    text: table(['app', 'N', 'ms/tenant', `vs N=${sizes[0]}`, 'vs N=10', 'marginal ms per added tenant', 'goal (<= 1.5 vs N=10)'], rows),
    pass,
  };
}

/**
 * The single-tenant path at each N: one tenant's app on an environment of N tenants imported by name. Its synth time
 * and template should not depend on N.
 */
export function singleTenantTable(measurements: Measurement[], sizes: number[]): { text: string; pass: boolean } {
  const runs = sizes.map((tenants) => find(measurements, 'mate-single-tenant', tenants)).filter((m): m is Measurement => m !== undefined);
  if (runs.length === 0) {
    return { text: '(not run)', pass: true };
  }
  const [first] = runs;
  const last = runs[runs.length - 1];
  const firstStack = tenantStackFigures(first);
  const lastStack = tenantStackFigures(last);
  // Same resources and the same template size, give or take the tenant id's digits.
  const sameTemplate = lastStack.maxResources === firstStack.maxResources && Math.abs(lastStack.maxBytes - firstStack.maxBytes) <= 100;
  const pass = sameTemplate && last.run.synthMs / first.run.synthMs <= GOALS.maxSingleTenantGrowth;
  const rows = runs.map((measurement) => {
    const stack = tenantStackFigures(measurement);
    return [measurement.run.tenants, stack.largest.name, seconds(measurement.run.startupMs), seconds(measurement.run.synthMs),
      seconds(measurement.run.synthCpuMs), (measurement.run.maxRssKiB / 1024).toFixed(0), stack.maxResources, kB(stack.maxBytes),
      `${(measurement.run.synthMs / first.run.synthMs).toFixed(2)}x`];
  });
  return {
    text: table(['environment N', 'tenant stack', 'startup + load s', 'synth s', 'synth CPU s', 'peak RSS MiB', 'resources', 'template kB',
      `synth vs N=${first.run.tenants}`], rows),
    pass,
  };
}

/** The largest tenant stack of each app against CloudFormation's limits halved. */
export function tenantStackLimits(measurements: Measurement[]): { text: string; pass: boolean } {
  let pass = true;
  const rows: Array<Array<string | number>> = [];
  for (const app of ['mate', 'hand-written'] as const) {
    const runs = measurements.filter(({ run }) => run.app === app);
    if (runs.length === 0) {
      continue;
    }
    const largest = runs.map(tenantStackFigures)
      .sort((a, b) => b.maxResources - a.maxResources || b.maxBytes - a.maxBytes)[0];
    const resourcesOk = largest.maxResources <= GOALS.maxTenantStackResources;
    const bytesOk = largest.maxBytes <= GOALS.maxTenantStackBytes;
    if (app === 'mate') {
      pass = resourcesOk && bytesOk;
    }
    rows.push([app, largest.largest.name, largest.maxResources, kB(largest.maxBytes),
      app === 'mate' ? `${verdict(resourcesOk)} / ${verdict(bytesOk)}` : '']);
  }
  return {
    text: table(['app', 'largest tenant stack', 'resources (goal <= 250)', 'template kB (goal <= 500)', 'goal (MATE)'], rows),
    pass,
  };
}

/** Resource types of one tenant stack of each app, side by side. */
export function resourcesPerTenant(measurements: Measurement[]): string {
  const smallest = (app: BenchApp) => measurements.filter(({ run }) => run.app === app)
    .sort((a, b) => a.run.tenants - b.run.tenants)[0];
  const columns = (['mate', 'hand-written'] as const).map((app) => {
    const measurement = smallest(app);
    return measurement ? new Map(resourceTypes(measurement.assembly.tenantStacks[0])) : new Map<string, number>();
  });
  const types = [...new Set(columns.flatMap((column) => [...column.keys()]))].sort();
  const total = (column: Map<string, number>) => [...column.values()].reduce((a, b) => a + b, 0);
  return table(['resource type (first tenant stack)', 'MATE', 'hand-written'], [
    ...types.map((type) => [type, columns[0].get(type) ?? '', columns[1].get(type) ?? '']),
    ['total', total(columns[0]), total(columns[1])],
  ]);
}

export function profileReport(summary: ProfileSummary, synthMs: number, top: number): string {
  const share = (ms: number) => `${(100 * ms / summary.totalMs).toFixed(1)}%`;
  const shares = (title: string, entries: TimeShare[]) => table([title, 'ms', 'share'],
    entries.slice(0, top).map(({ name, ms }) => [`\`${name}\``, ms.toFixed(0), share(ms)]));
  return [
    `Sampled ${summary.totalMs.toFixed(0)} ms of the ${synthMs.toFixed(0)} ms synth window; ${summary.underSourceMs.toFixed(0)} ms (${share(summary.underSourceMs)}) with a frame of the library's src/ on the stack.`,
    '',
    shares('self time by package', summary.selfByPackage),
    '',
    shares('self time by file', summary.selfByFile),
    '',
    shares('self time by function', summary.selfByFunction),
    '',
    shares('inclusive time of src/ functions', summary.inclusiveBySourceFunction),
  ].join('\n');
}
