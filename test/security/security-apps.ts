import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack, Validations, type AppProps, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { DISABLED_GUARD_RULES } from './cfn-guard-rules';
import { createDemoApp } from '../../examples/demo/app';
import { createTemplateApp, readTenantConfig } from '../../examples/template/app';
import { MateBaseInfra } from '../../src/base';
import { MateGitHubDeployRole } from '../../src/deployment';
import { MateTenant } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';
import { CERTIFICATE_ARN } from '../fixtures';

/** Findings are written to validation-report.json instead of failing the synthesis. */
export const REPORT_FINDINGS = { '@aws-cdk/core:failSynthOnValidationErrors': false };

/** How a checked app is built, from the props of its `App` (output directory, context). */
export type AppFactory = (props: AppProps) => App;

/**
 * An environment `dev` (stack `MateBase-dev`, with the GitHub deploy role) and two tenants, each in its own stack:
 * `trial` on the Trial tier and `acme` on the Enterprise tier, so that every tier-dependent setting is seen both ways.
 * Unlike the demo, the stacks name an account and Region.
 */
export function createTwoTenantApp(props: AppProps): App {
  const env = { account: '123456789012', region: 'us-east-1' };
  // What `cdk synth` would record in cdk.context.json for this account and Region.
  const app = new App({
    ...props,
    context: { ...props.context, [`availability-zones:account=${env.account}:region=${env.region}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
  });
  const baseStack = new Stack(app, 'MateBase-dev', { env });
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    alarmEmails: ['oncall@example.com'],
  });
  new MateGitHubDeployRole(baseStack, 'GitHubDeploy', { base, repository: 'sociant/mate-app' });
  const tenants: Array<[string, TenantTier]> = [['trial', TenantTier.TRIAL], ['acme', TenantTier.ENTERPRISE]];
  for (const [tenantId, tier] of tenants) {
    new MateTenant(new Stack(app, `MateTenant-${tenantId}-dev`, { env }), 'Tenant', {
      base,
      tenantId,
      tier,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/sociant/mate:1.0.0'),
    });
  }
  return app;
}

/** An app the security checks cover. */
export interface CheckedApp {
  readonly name: string;
  /** Builds the app without any validation plugin. */
  readonly create: AppFactory;
}

/** Every app the security checks cover: the two-tenant app and both examples. */
export const CHECKED_APPS: CheckedApp[] = [
  { name: 'the two-tenant app', create: createTwoTenantApp },
  { name: 'examples/demo', create: (props) => createDemoApp(props) },
  { name: 'examples/template', create: (props) => createTemplateApp(readTenantConfig(), props) },
];

/** The four cdk-nag packs the library must pass. */
export function securityPacks(app: App): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app)];
}

/** The AWS Control Tower rules the library must pass: all of them but the documented exceptions. */
export function controlTowerValidator(): CfnGuardValidator {
  return new CfnGuardValidator({ disabledRules: DISABLED_GUARD_RULES.map(({ rule }) => rule) });
}

/** A fresh directory for one synthesis. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mate-security-${prefix}-`));
}

export interface ValidationReport {
  readonly pluginReports: Array<{
    readonly pluginName: string;
    readonly conclusion?: string;
    readonly metadata?: { readonly error?: string };
    readonly violations: Array<{
      readonly ruleName: string;
      readonly description?: string;
      readonly violatingConstructs: Array<{ readonly constructPath: string }>;
    }>;
  }>;
}

export interface CheckedSynthesis {
  readonly outdir: string;
  readonly report: ValidationReport;
  readonly templateFiles: string[];
  readonly assembly: cxapi.CloudAssembly;
}

function readSynthesis(outdir: string): CheckedSynthesis {
  const assembly = new cxapi.CloudAssembly(outdir);
  const reportFile = path.join(outdir, 'validation-report.json');
  const report: ValidationReport = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const templateFiles = assembly.stacks.map((stack) => path.join(outdir, stack.templateFile));
  return { assembly, outdir, report, templateFiles };
}

/**
 * Synthesizes `factory`'s app into a fresh directory, findings reported rather than thrown, and returns its
 * validation report and templates. aws-cdk-lib lists only plugins that failed or found something, so an empty report
 * means every plugin passed.
 */
export function synthesizeChecked(factory: AppFactory, plugins: (app: App) => IPolicyValidationPlugin[] = () => [], outdir = tempDir('app')) {
  const app = factory({ outdir, context: REPORT_FINDINGS });
  Validations.of(app).addPlugins(...plugins(app));
  app.synth();
  return { app, ...readSynthesis(outdir) };
}

/** Where this jest run keeps the checked apps' syntheses (set by test/setup/checked-apps-dir.ts). */
export const CHECKED_APPS_DIR_VARIABLE = 'MATE_CHECKED_APPS_DIR';
const WAIT_FOR_OTHER_WORKER_MS = 5 * 60_000;
const syntheses = new Map<string, CheckedSynthesis>();

/** Blocks the worker for `ms`: the other worker is synthesizing, and jest's module scope cannot await. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Where this run keeps checked app `name`'s synthesis, and its marker files. */
function checkedOutput(name: string) {
  const runDir = process.env[CHECKED_APPS_DIR_VARIABLE] ?? (process.env[CHECKED_APPS_DIR_VARIABLE] = tempDir('run'));
  const outdir = path.join(runDir, name.replace(/[^a-z0-9]+/gi, '-'));
  return { outdir, done: path.join(outdir, 'checked.done'), failed: path.join(outdir, 'checked.failed') };
}

/**
 * Synthesizes checked app `checked` if no worker has claimed it yet (the claim is creating its directory, which only
 * one process can do); returns whether this worker did.
 */
function synthesizeIfUnclaimed(checked: CheckedApp): boolean {
  const { outdir, done, failed } = checkedOutput(checked.name);
  try {
    fs.mkdirSync(outdir, { recursive: false });
  } catch {
    return false;
  }
  try {
    synthesizeWithTemplateValidation(() => synthesizeChecked(checked.create, (app) => [...securityPacks(app), controlTowerValidator()], outdir));
  } catch (error) {
    fs.writeFileSync(failed, String(error));
    throw error;
  }
  fs.writeFileSync(done, new Date().toISOString());
  return true;
}

/**
 * The checked app `name`, synthesized once per jest run with everything that checks it: aws-cdk-lib's built-in
 * CloudFormation validation, the four cdk-nag packs and the AWS Control Tower rules of cfn-guard, findings reported
 * rather than thrown. The nag, guard, lint, least-privilege and documentation tests all read this one synthesis.
 * The first worker to ask synthesizes it; a worker that finds it claimed synthesizes the checked apps nobody has
 * claimed yet while it waits, so both workers share the work instead of one idling.
 */
export function checkedApp(name: string): CheckedSynthesis {
  const cached = syntheses.get(name);
  if (cached) {
    return cached;
  }
  const checked = CHECKED_APPS.find((candidate) => candidate.name === name);
  if (!checked) {
    throw new Error(`no checked app named '${name}'; the checked apps are ${CHECKED_APPS.map((candidate) => candidate.name).join(', ')}`);
  }
  const { outdir, done, failed } = checkedOutput(name);
  if (!fs.existsSync(done) && !synthesizeIfUnclaimed(checked)) {
    CHECKED_APPS.filter((other) => other !== checked && !fs.existsSync(checkedOutput(other.name).done)).forEach(synthesizeIfUnclaimed);
    const deadline = Date.now() + WAIT_FOR_OTHER_WORKER_MS;
    while (!fs.existsSync(done)) {
      if (fs.existsSync(failed)) {
        throw new Error(`another jest worker failed to synthesize ${name}: ${fs.readFileSync(failed, 'utf8')}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`gave up waiting for another jest worker to synthesize ${name} into ${outdir}`);
      }
      sleep(200);
    }
  }
  const synthesis = readSynthesis(outdir);
  syntheses.set(name, synthesis);
  return synthesis;
}

/** Runs `synthesize` with aws-cdk-lib's built-in template validation on, whatever the test setup turned off. */
export function synthesizeWithTemplateValidation<T>(synthesize: () => T): T {
  const setting = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  try {
    return synthesize();
  } finally {
    if (setting !== undefined) {
      process.env.CDK_VALIDATION = setting;
    }
  }
}

/** The report of the plugins whose name matches `pluginName` only. */
export function reportOf(report: ValidationReport, pluginName: RegExp): ValidationReport {
  return { pluginReports: report.pluginReports.filter((plugin) => pluginName.test(plugin.pluginName)) };
}

/**
 * Every finding of the report as `<plugin>: <rule> at <construct path>: <description>`, and every plugin that failed
 * to run, so that a failing test says what to fix and where.
 */
export function describeFindings(report: ValidationReport): string[] {
  return report.pluginReports.flatMap((plugin) => {
    const crashed = plugin.metadata?.error ? [`${plugin.pluginName} failed to run: ${plugin.metadata.error}`] : [];
    return [...crashed, ...plugin.violations.flatMap((violation) => violation.violatingConstructs.map((construct) =>
      `${plugin.pluginName}: ${violation.ruleName} at ${construct.constructPath}: ${violation.description ?? ''}`.trim()))];
  });
}
