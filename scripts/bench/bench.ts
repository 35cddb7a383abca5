/**
 * The scale benchmark of issue 9: for each N, synthesizes the MATE app (base + N tenant stacks), the equivalent
 * hand-written aws-cdk-lib app, and the single-tenant path (one tenant of the environment of N in an app of its own,
 * the environment imported by name), each in a Node process of its own, and prints synth time, peak memory, resources
 * and template sizes, the per-resource time ratio, the growth in N, the single-tenant path's cost per N and the
 * tenant-stack limits, with PASS/MISS per goal.
 *
 * Usage: npx projen bench [--sizes 1,10,100,250,1000] [--apps mate,hand-written,mate-single-tenant] [--repeat 1] [--profile]
 *                         [--profile-tenants 100] [--no-cfn-validation] [--keep]
 *
 * --apps a,b             runs only these apps (default: all three)
 * --repeat k             synthesizes each (app, N) k times and keeps the fastest run: other load on the machine only
 *                        ever slows a run down
 * --profile              also runs the MATE app with `node --cpu-prof` and prints where its synth time goes
 * --no-cfn-validation    synthesizes without aws-cdk-lib's built-in CloudFormation template validation
 *                        (CDK_VALIDATION=false), to see the time the constructs themselves take
 * --keep                 keeps the cloud assemblies and the profile (otherwise deleted once measured)
 *
 * Exits 0 whether or not a goal is met (the goals are printed); exits 1 if a synth fails.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssemblyStats } from './assembly-stats';
import type { Measurement } from './measurement';
import { summarizeProfile } from './profile-summary';
import { growthTable, measurementsTable, profileReport, ratioTable, resourcesPerTenant, singleTenantTable, tenantStackLimits } from './report';
import { BENCH_APPS, isBenchApp, type BenchApp, type RunResult } from './run-result';

interface Options {
  readonly sizes: number[];
  readonly apps: BenchApp[];
  readonly profile: boolean;
  readonly profileTenants: number;
  readonly repeat: number;
  readonly keep: boolean;
  readonly cfnValidation: boolean;
}

function parseOptions(args: string[]): Options {
  const valueOf = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const sizes = (valueOf('--sizes') ?? '1,10,100,250,1000').split(',').map(Number);
  const apps = valueOf('--apps')?.split(',') ?? [...BENCH_APPS];
  const profileTenants = Number(valueOf('--profile-tenants') ?? 100);
  const repeat = Number(valueOf('--repeat') ?? 1);
  const problems = [
    ...sizes.filter((size) => !Number.isInteger(size) || size < 1).map((size) => `--sizes: '${size}' is not a whole number of tenants >= 1`),
    ...apps.filter((app) => !isBenchApp(app)).map((app) => `--apps: '${app}' is not one of ${BENCH_APPS.join(', ')}`),
    ...(Number.isInteger(profileTenants) && profileTenants >= 1 ? [] : ['--profile-tenants: give a whole number of tenants >= 1']),
    ...(Number.isInteger(repeat) && repeat >= 1 ? [] : ['--repeat: give a whole number of runs >= 1']),
  ];
  if (problems.length > 0) {
    throw new Error(`Invalid options:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    apps: BENCH_APPS.filter((app) => apps.includes(app)),
    profile: args.includes('--profile'),
    profileTenants,
    repeat,
    keep: args.includes('--keep'),
    cfnValidation: !args.includes('--no-cfn-validation'),
  };
}

/** Runs one synth in a fresh Node process; undefined if it failed (its error is on stderr). */
function runOne(app: BenchApp, tenants: number, workDir: string, options: Options, nodeFlags: string[] = []): RunResult | undefined {
  const outdir = path.join(workDir, `${app}-${tenants}`);
  const resultFile = path.join(workDir, `${app}-${tenants}.json`);
  const child = spawnSync(process.execPath, [
    ...nodeFlags,
    '-r', require.resolve('ts-node/register/transpile-only'),
    path.join(__dirname, 'run-one.ts'), app, String(tenants), outdir, resultFile,
  ], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // aws-cdk-lib validates every template at synth unless CDK_VALIDATION is 'false'.
    env: { ...process.env, CDK_VALIDATION: options.cfnValidation ? process.env.CDK_VALIDATION : 'false' },
  });
  if (child.status !== 0 || !fs.existsSync(resultFile)) {
    console.error(`FAILED: ${app} app with ${tenants} tenants (exit ${child.status ?? child.signal})`);
    return undefined;
  }
  return JSON.parse(fs.readFileSync(resultFile, 'utf-8')) as RunResult;
}

function machine(): string {
  const cdkVersion = (JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf-8')) as { version: string }).version;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} CPUs (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, aws-cdk-lib ${cdkVersion}, ${os.platform()} ${os.release()}`;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-bench-'));
  console.log(`Machine: ${machine()}`);
  console.log(`Sizes: ${options.sizes.join(', ')} tenants, apps ${options.apps.join(', ')}, fastest of ${options.repeat} run(s) each; cloud assemblies in ${workDir}`);
  const validation = options.cfnValidation && process.env.CDK_VALIDATION !== 'false';
  console.log(`aws-cdk-lib's built-in CloudFormation validation: ${validation ? 'on (the default)' : 'off (CDK_VALIDATION=false)'}\n`);

  const measurements: Measurement[] = [];
  let failures = 0;
  for (const tenants of options.sizes) {
    for (const app of options.apps) {
      let fastest: RunResult | undefined;
      for (let attempt = 1; attempt <= options.repeat; attempt++) {
        const load = os.loadavg()[0];
        const run = runOne(app, tenants, workDir, options);
        if (!run) {
          failures++;
          break;
        }
        console.log(`${app} N=${tenants} (run ${attempt}/${options.repeat}, load average ${load.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after): `
          + `synth ${(run.synthMs / 1000).toFixed(2)} s (CPU ${(run.synthCpuMs / 1000).toFixed(2)} s), peak RSS ${(run.maxRssKiB / 1024).toFixed(0)} MiB`);
        fastest = fastest && fastest.synthMs <= run.synthMs ? fastest : run;
      }
      if (!fastest) {
        continue;
      }
      const run = fastest;
      const measurement = { run, assembly: readAssemblyStats(run.outdir) };
      measurements.push(measurement);
      if (!options.keep && tenants !== options.sizes[0]) {
        fs.rmSync(run.outdir, { recursive: true, force: true });
      }
    }
  }

  if (measurements.length > 0) {
    const ratio = ratioTable(measurements, options.sizes);
    const growth = growthTable(measurements, options.sizes);
    const limits = tenantStackLimits(measurements);
    const singleTenant = singleTenantTable(measurements, options.sizes);
    const ran = (app: BenchApp) => options.apps.includes(app);
    const both = ran('mate') && ran('hand-written');
    // Each section and goal only when the apps it compares were run.
    const sections: Array<[boolean, string, string]> = [
      [true, 'Measurements', measurementsTable(measurements)],
      [both, 'Per-resource synth time, MATE / hand-written', ratio.text],
      [ran('mate') || ran('hand-written'), 'Growth in N', growth.text],
      [ran('mate-single-tenant'), 'Single-tenant path: one tenant\'s app, the environment of N imported by name', singleTenant.text],
      [ran('mate') || ran('hand-written'), 'Largest tenant stack', limits.text],
      [ran('mate') || ran('hand-written'), 'Resources per tenant', resourcesPerTenant(measurements)],
    ];
    for (const [, title, text] of sections.filter(([shown]) => shown)) {
      console.log(`\n## ${title}\n\n${text}`);
    }
    const goals: Array<[boolean, boolean, string]> = [
      [both, ratio.pass, 'per-resource synth time within 1.5x of the hand-written app at every N'],
      [ran('mate'), growth.pass, 'linear growth: MATE synth time per tenant at most 1.5x the one at N=10'],
      [ran('mate'), limits.pass, 'every MATE tenant stack at most 250 resources and 500 kB of template'],
      [ran('mate-single-tenant'), singleTenant.pass,
        'single-tenant path: the same template at every N, and synth time at the largest N within 1.2x of the smallest'],
    ];
    console.log('\n## Goals\n');
    for (const [, pass, goal] of goals.filter(([shown]) => shown)) {
      console.log(`${pass ? 'PASS' : 'MISS'}  ${goal}`);
    }
  }

  if (options.profile) {
    const profileDir = path.join(workDir, 'profile');
    const run = runOne('mate', options.profileTenants, workDir, options, ['--cpu-prof', '--cpu-prof-dir', profileDir]);
    if (run) {
      const profileFile = path.join(profileDir, fs.readdirSync(profileDir).find((file) => file.endsWith('.cpuprofile'))!);
      const summary = summarizeProfile(profileFile, run.synthStartMicros, run.synthEndMicros);
      console.log(`\n## Profile: MATE app, N=${options.profileTenants} (${profileFile})\n`);
      console.log(profileReport(summary, run.synthMs, 20));
      if (!options.keep) {
        fs.rmSync(run.outdir, { recursive: true, force: true });
      }
    } else {
      failures++;
    }
  }

  if (!options.keep) {
    // The smallest run's assemblies were kept for the resources-per-tenant table.
    fs.rmSync(workDir, { recursive: true, force: true, maxRetries: 2 });
    if (options.profile) {
      console.log('\n(profile deleted with the work directory; pass --keep to open it in Chrome DevTools)');
    }
  }
  if (failures > 0) {
    console.error(`\n${failures} synth(s) failed`);
    process.exit(1);
  }
}

main();
