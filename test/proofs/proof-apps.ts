import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App, AppProps } from 'aws-cdk-lib';
import { CloudModel, type Template } from './cloud-model';
import { PolicyIndex } from './policy-index';
import { createDemoApp } from '../../examples/demo/app';
import { createTemplateApp, readTenantConfig } from '../../examples/template/app';
import { createTwoTenantApp } from '../security/security-apps';

/** An app the proofs run on. */
export interface ProofApp {
  readonly name: string;
  readonly create: (props: AppProps) => App;
  /**
   * The app deployed in the account before this one, for an app that holds tenants only: they attach to its
   * environment by name, through the SSM parameters the environment publishes, next to its tenants.
   */
  readonly deployedAfter?: ProofApp;
}

const DEMO: ProofApp = { name: 'examples/demo', create: (props) => createDemoApp(props) };

/**
 * The demo (one Trial tenant, images from the environment's repository), the two-tenant app (Trial and Enterprise),
 * and the template's tenant (Standard) deployed from its own app onto the demo's environment, beside the demo's tenant.
 */
export const PROOF_APPS: ProofApp[] = [
  DEMO,
  { name: 'the two-tenant app', create: createTwoTenantApp },
  { name: 'examples/template deployed beside examples/demo', create: (props) => createTemplateApp(readTenantConfig(), props), deployedAfter: DEMO },
];

/** How long a hook or test that synthesizes an app may take on a busy CI machine (jest's default is 5 seconds). */
export const SYNTHESIS_TIMEOUT_MS = 120_000;

/** The synthesized templates of one app, by stack name. */
export type Templates = Array<{ stackName: string; template: Template }>;

/** The templates of each app this test file synthesized: jest loads this module once per file. */
const synthesized = new Map<ProofApp, Templates>();

/**
 * Synthesizes `app` once per test file, cdk-nag findings reported rather than thrown (the proofs are about runtime
 * behaviour, the security tests about findings), and returns its templates. Callers that change them work on
 * `indexOf`'s copy.
 */
export function synthesizeTemplates(app: ProofApp): Templates {
  const cached = synthesized.get(app);
  if (cached) {
    return cached;
  }
  const own = synthesize(app);
  const templates = [...app.deployedAfter ? synthesizeTemplates(app.deployedAfter) : [], ...own];
  synthesized.set(app, templates);
  return templates;
}

function synthesize(app: ProofApp): Templates {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-proofs-'));
  try {
    const assembly = app.create({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } }).synth();
    return assembly.stacks.map((stack) => ({
      stackName: stack.stackName,
      template: JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8')) as Template,
    }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The policy index of `templates`, on a copy, so that a mutation of one model never leaks into another. */
export function indexOf(templates: Templates): PolicyIndex {
  return new PolicyIndex(new CloudModel(structuredClone(templates)));
}
