/**
 * The application contract, end to end (issue 15): synthesizes the demo app, reads what its tenant's task definitions
 * and target group give the containers (scripts/e2e/contract.ts), and hands that to scripts/e2e/e2e.py, which starts
 * real PostgreSQL and Redis servers configured as the template configures RDS and ElastiCache, runs the reference app
 * of examples/app with each role's command, environment and secrets, and checks what docs/application-contract.md promises.
 *
 * Usage: ts-node --transpile-only -r tsconfig-paths/register scripts/e2e/run.ts   (TS_NODE_PROJECT=tsconfig.dev.json)
 * Environment: E2E_PYTHON (default /usr/bin/python3, Debian's, which has the packages of install-servers.sh),
 * E2E_CONTRACT_MUTATION (`NAME` removes, `NAME=value` sets a variable in every container: proves the test can fail),
 * E2E_KEEP=1 keeps the temporary directory, E2E_REPORT=<file> also writes the counts there as JSON (for .ci/run).
 * Its last line is `N passed, N failed`; it exits non-zero on a failure.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractContract, mutateContract, type Template } from './contract';
import { createDemoApp, DEMO } from '../../examples/demo/app';

/** The demo's stacks are environment-agnostic; this stands in for the region they would be deployed to. */
const REGION = 'eu-central-1';

function main(): number {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-e2e-'));
  fs.chmodSync(workDir, 0o755);
  try {
    let contractFile: string;
    try {
      contractFile = synthesizeContract(workDir);
    } catch (error) {
      console.error(`The contract could not be read from the synthesized demo: ${(error as Error).message}`);
      return setupFailed();
    }
    const python = process.env.E2E_PYTHON ?? '/usr/bin/python3';
    const result = spawnSync(python, [path.join(__dirname, 'e2e.py'), contractFile, workDir], { stdio: 'inherit' });
    if (result.error) {
      console.error(`Cannot run ${python}: ${result.error.message}. Run scripts/e2e/install-servers.sh (Debian 12).`);
      return setupFailed();
    }
    return result.status ?? 1;
  } finally {
    if (process.env.E2E_KEEP === '1') {
      console.error(`Kept ${workDir}`);
    } else {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
}

/** The test could not start: one failure, reported like the Python runner reports its results. */
function setupFailed(): number {
  if (process.env.E2E_REPORT) {
    fs.mkdirSync(path.dirname(process.env.E2E_REPORT), { recursive: true });
    fs.writeFileSync(process.env.E2E_REPORT, JSON.stringify({ passed: 0, failed: 1 }) + '\n');
  }
  console.log('0 passed, 1 failed');
  return 1;
}

function synthesizeContract(workDir: string): string {
  const started = Date.now();
  const app = createDemoApp({
    outdir: path.join(workDir, 'cdk.out'),
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  const stackName = `MateTenant-${DEMO.tenantId}-${DEMO.environment}`;
  const template = app.synth().getStackByName(stackName).template as Template;
  const contract = extractContract(stackName, template, REGION);
  const mutations = mutateContract(contract, process.env.E2E_CONTRACT_MUTATION);
  const file = path.join(workDir, 'contract.json');
  fs.writeFileSync(file, JSON.stringify({
    ...contract,
    tenantHost: `${DEMO.tenantId}.${DEMO.domainName}`,
    mutations,
  }, undefined, 2));
  console.log(`Synthesized the demo and read the contract of ${stackName} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const mutation of mutations) {
    console.log(`E2E_CONTRACT_MUTATION: ${mutation} in every container`);
  }
  return file;
}

process.exitCode = main();
