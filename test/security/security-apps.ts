import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations, type AppProps, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { createDemoApp } from '../../examples/demo/app';
import { createTemplateApp, readTenantConfig } from '../../examples/template/app';
import { MateBaseInfra } from '../../src/base';
import { MateGitHubDeployRole } from '../../src/deployment';
import { MateTenant } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';

/** Findings are written to validation-report.json instead of failing the synthesis. */
export const REPORT_FINDINGS = { '@aws-cdk/core:failSynthOnValidationErrors': false };

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

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
  readonly create: AppFactory;
  /** Whether the app registers the four cdk-nag packs itself, as the examples do. */
  readonly registersSecurityPacks: boolean;
}

/** Every app the security checks cover: the two-tenant app and both examples. */
export const CHECKED_APPS: CheckedApp[] = [
  { name: 'the two-tenant app', create: createTwoTenantApp, registersSecurityPacks: false },
  { name: 'examples/demo', create: (props) => createDemoApp(props), registersSecurityPacks: true },
  { name: 'examples/template', create: (props) => createTemplateApp(readTenantConfig(), props), registersSecurityPacks: true },
];

/** The four cdk-nag packs the library must pass. */
export function securityPacks(app: App): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app)];
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

/**
 * Synthesizes `factory`'s app into a fresh directory, findings reported rather than thrown, and returns its
 * validation report and templates. aws-cdk-lib lists only plugins that failed or found something, so an empty report
 * means every plugin passed.
 */
export function synthesizeChecked(factory: AppFactory, plugins: (app: App) => IPolicyValidationPlugin[] = () => []) {
  const outdir = tempDir('app');
  const app = factory({ outdir, context: REPORT_FINDINGS });
  Validations.of(app).addPlugins(...plugins(app));
  const assembly = app.synth();
  const reportFile = path.join(outdir, 'validation-report.json');
  const report: ValidationReport = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const templateFiles = assembly.stacks.map((stack) => path.join(outdir, stack.templateFile));
  return { app, assembly, outdir, report, templateFiles };
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
