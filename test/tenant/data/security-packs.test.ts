import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MateBaseInfra } from '../../../src/base';
import { MateTenant, type MateTenantProps } from '../../../src/tenant';
import { CERTIFICATE_ARN, PRESET_TIERS, tenantProps } from '../tenant-fixtures';

interface ValidationReport {
  readonly pluginReports: Array<{
    readonly violations: Array<{ readonly ruleName: string; readonly violatingConstructs: Array<{ readonly constructPath: string }> }>;
  }>;
}

/** Findings of the four packs on the tenant's data constructs, as `<rule> <path below the tenant>`. */
function dataFindings(overrides: Partial<MateTenantProps>): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-packs-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const baseStack = new Stack(app, 'MateBase-dev');
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
  });
  new MateTenant(new Stack(app, 'MateTenant-demo-dev'), 'Tenant', tenantProps(base, 'demo', overrides));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  app.synth();

  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const dataPath = 'MateTenant-demo-dev/Tenant/Data/';
  return report.pluginReports.flatMap((plugin) => plugin.violations.flatMap((violation) => violation.violatingConstructs
    .filter((construct) => construct.constructPath.startsWith(dataPath))
    .map((construct) => `${violation.ruleName} ${construct.constructPath.slice(dataPath.length)}`)));
}

describe('security packs', () => {
  test.each(PRESET_TIERS)('find nothing unacknowledged in the data of a %s tenant', (_name, tier) => {
    expect(dataFindings({ tier })).toEqual([]);
  });

  test('find nothing unacknowledged in the data of a tenant on the environment key', () => {
    expect(dataFindings({ tier: PRESET_TIERS[1][1], dedicatedKey: false })).toEqual([]);
  });
});
