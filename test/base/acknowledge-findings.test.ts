import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MateBaseInfra } from '../../src/base';
import { CERTIFICATE_ARN } from '../fixtures';

const PACK_RULE = /^(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-[A-Za-z0-9]+$/;

/** A base of `environment` in an app of its own. */
function baseOf(environment: string): { app: App; stack: Stack } {
  const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new Stack(app, 'MateBase', { env: { region: 'us-east-1' } });
  new MateBaseInfra(stack, 'Base', {
    environment,
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
  });
  return { app, stack };
}

/** The findings of the four packs on a base of `environment`. */
function findings(environment: string): string[] {
  const { app } = baseOf(environment);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  const assembly = app.synth();
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  return report.pluginReports.flatMap((plugin: any) => plugin.violations.flatMap((violation: any) =>
    violation.violatingConstructs.map((construct: any) => `${violation.ruleName} at ${construct.constructPath}`)));
}

/** The acknowledgements recorded on the constructs of a base of `environment`, as [rule id, reason]. */
function acknowledgements(environment: string): string[][] {
  return baseOf(environment).stack.node.findAll()
    .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    // Rule ids are recorded with the annotation namespace; aws-cdk-lib records acknowledgements of its own too.
    .map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason])
    .filter(([id]) => PACK_RULE.test(id));
}

describe('the compliance packs', () => {
  // Every checked app's environment is 'dev' (test/security/security-packs.test.ts); 'prod' differs in what it
  // protects, so it is checked here.
  test('find nothing unacknowledged in environment \'prod\'', () => {
    expect(findings('prod')).toEqual([]);
  });

  test('acknowledge only intended findings, each with a full-sentence reason', () => {
    const recorded = acknowledgements('dev');
    expect(recorded.length).toBeGreaterThan(0);
    for (const [, reason] of recorded) {
      expect(reason).toMatch(/^[A-Z].{40,}\.$/);
    }
  });

  test('acknowledge missing deletion protection only where it is off', () => {
    const ids = (environment: string) => acknowledgements(environment).map(([id]) => id);

    expect(ids('dev')).toContain('NIST.800.53.R5-ELBDeletionProtectionEnabled');
    expect(ids('prod')).not.toContain('NIST.800.53.R5-ELBDeletionProtectionEnabled');
  });
});
