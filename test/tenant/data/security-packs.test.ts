import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MateBaseInfra } from '../../../src/base';
import { MateTenant, type MateTenantProps } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { CERTIFICATE_ARN, tenantProps } from '../../fixtures';

interface ValidationReport {
  readonly pluginReports: Array<{
    readonly violations: Array<{ readonly ruleName: string; readonly violatingConstructs: Array<{ readonly constructPath: string }> }>;
  }>;
}

/** Findings of the four packs on the tenant's data constructs, as `<rule> <path below the tenant>`. */
function dataFindings(overrides: Partial<MateTenantProps>, extend: (tenant: MateTenant) => void = () => {}): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-packs-'));
  // The base in an app of its own: the packs then check the tenant's stack alone (the checked apps cover the base).
  const baseStack = new Stack(new App(), 'MateBase-dev');
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
  });
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  extend(new MateTenant(new Stack(app, 'MateTenant-demo-dev'), 'Tenant', tenantProps(base, 'demo', overrides)));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  app.synth();

  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const dataPath = 'MateTenant-demo-dev/Tenant/Data/';
  return report.pluginReports.flatMap((plugin) => plugin.violations.flatMap((violation) => violation.violatingConstructs
    .filter((construct) => construct.constructPath.startsWith(dataPath))
    .map((construct) => `${violation.ruleName} ${construct.constructPath.slice(dataPath.length)}`)));
}

// Tenants of every tier, on their own keys, are in the checked apps (test/security/security-packs.test.ts): Trial in
// the demo and the two-tenant app, Standard in the template example, Enterprise in the two-tenant app. The one data
// layout none of them has is a tenant on the environment's key.
describe('security packs', () => {
  test('find nothing unacknowledged in the data of a tenant on the environment key', () => {
    expect(dataFindings({ tier: TenantTier.STANDARD, dedicatedKey: false })).toEqual([]);
  });

  test('find what is not acknowledged: an unencrypted bucket without logging among the tenant\'s data', () => {
    const findings = dataFindings({ tier: TenantTier.STANDARD, dedicatedKey: false }, (tenant) => {
      new s3.CfnBucket(tenant.node.findChild('Data'), 'CarelessBucket');
    });
    expect(findings).toContainEqual('AwsSolutions-S1 CarelessBucket');
  });
});
