import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { CERTIFICATE_ARN } from './base-fixtures';
import { MateBaseInfra } from '../../src/base';

const PACK_RULE = /^(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-[A-Za-z0-9]+$/;

const checks = new Map<string, ReturnType<typeof synthesizeChecked>>();

/** `synthesizeChecked` of `environment`, once per environment (each runs the four packs). */
function check(environment: string) {
  if (!checks.has(environment)) {
    checks.set(environment, synthesizeChecked(environment));
  }
  return checks.get(environment)!;
}

/** The findings of the four packs on a base of `environment`, and the acknowledgements recorded on its constructs. */
function synthesizeChecked(environment: string) {
  const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new Stack(app, 'MateBase', { env: { region: 'us-east-1' } });
  new MateBaseInfra(stack, 'Base', {
    environment,
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  const assembly = app.synth();
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const findings = report.pluginReports.flatMap((plugin: any) => plugin.violations.flatMap((violation: any) =>
    violation.violatingConstructs.map((construct: any) => `${violation.ruleName} at ${construct.constructPath}`)));
  const acknowledgements = stack.node.findAll()
    .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    // Rule ids are recorded with the annotation namespace; aws-cdk-lib records acknowledgements of its own too.
    .map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason])
    .filter(([id]) => PACK_RULE.test(id));
  return { findings, acknowledgements };
}

describe('the compliance packs', () => {
  test.each(['dev', 'prod'])('find nothing unacknowledged in environment %p', (environment) => {
    expect(check(environment).findings).toEqual([]);
  });

  test('acknowledge only intended findings, each with a full-sentence reason', () => {
    const { acknowledgements } = check('dev');

    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [, reason] of acknowledgements) {
      expect(reason).toMatch(/^[A-Z].{40,}\.$/);
    }
  });

  test('acknowledge missing deletion protection only where it is off', () => {
    const ids = (environment: string) => check(environment).acknowledgements.map(([id]) => id);

    expect(ids('dev')).toContain('NIST.800.53.R5-ELBDeletionProtectionEnabled');
    expect(ids('prod')).not.toContain('NIST.800.53.R5-ELBDeletionProtectionEnabled');
  });
});
