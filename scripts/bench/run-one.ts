/**
 * One measured synth, in a process of its own so that its peak memory is its own: builds a benchmark app of N
 * tenants (or, for `mate-single-tenant`, of the last tenant of an environment of N), synthesizes it and writes what
 * it measured as JSON.
 *
 * Usage: node -r ts-node/register/transpile-only scripts/bench/run-one.ts <mate|hand-written|mate-single-tenant> <tenants> <outdir> <result.json>
 *
 * Everything is loaded before the clock starts, so that starting Node and loading (and transpiling) aws-cdk-lib and
 * the library is reported apart from synth.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { createHandWrittenScaleApp } from './hand-written-app';
import { createMateScaleApp, createSingleTenantApp } from './mate-app';
import { isBenchApp, type RunResult } from './run-result';

function main(): void {
  const [appName, tenantsArg, outdir, resultFile] = process.argv.slice(2);
  const tenantCount = Number(tenantsArg);
  if (!isBenchApp(appName) || !Number.isInteger(tenantCount) || tenantCount < 1 || !outdir || !resultFile) {
    throw new Error('usage: run-one.ts <mate|hand-written|mate-single-tenant> <tenants> <outdir> <result.json>');
  }

  // Time since the process started: Node, ts-node and every module this file imports.
  const startupMs = performance.now();
  const createApp = { 'mate': createMateScaleApp, 'hand-written': createHandWrittenScaleApp, 'mate-single-tenant': createSingleTenantApp }[appName];

  // The profile's clock is CLOCK_MONOTONIC in microseconds, like hrtime: the window lets it be cut to the synth.
  const synthStartMicros = Number(process.hrtime.bigint() / 1000n);
  const synthStart = performance.now();
  const cpuStart = process.cpuUsage();
  createApp(tenantCount, outdir).synth();
  const cpu = process.cpuUsage(cpuStart);
  const synthMs = performance.now() - synthStart;
  const synthEndMicros = Number(process.hrtime.bigint() / 1000n);

  const result: RunResult = {
    app: appName,
    tenants: tenantCount,
    outdir,
    startupMs,
    synthMs,
    synthCpuMs: (cpu.user + cpu.system) / 1000,
    // kibibytes on Linux
    maxRssKiB: process.resourceUsage().maxRSS,
    synthStartMicros,
    synthEndMicros,
  };
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

main();
