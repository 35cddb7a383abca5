import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { CHECKED_APPS, checkedApp, createTwoTenantApp, describeFindings, reportOf, securityPacks, synthesizeChecked } from './security-apps';

const PACK_RULE = /^(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-/;
const PACK_PLUGIN = /^(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)$/;

/** The acknowledgements of pack rules recorded on `scope` and below, as `[rule id, reason, construct path]`. */
function acknowledgements(scope: IConstruct): Array<[string, string, string]> {
  return scope.node.findAll().flatMap((construct) => construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as { [id: string]: string }))
    .map(([id, reason]): [string, string, string] => [id.replace(/^annotation::/i, ''), reason, construct.node.path])
    .filter(([id]) => PACK_RULE.test(id)));
}

describe('the AwsSolutions, HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 packs', () => {
  test.each(CHECKED_APPS)('find nothing unacknowledged in $name', ({ name }) => {
    expect(describeFindings(reportOf(checkedApp(name).report, PACK_PLUGIN))).toEqual([]);
  });

  test('report what they find: an unencrypted bucket without logging fails', () => {
    const { report } = synthesizeChecked((props) => {
      const app = new App(props);
      new s3.CfnBucket(new Stack(app, 'Plain'), 'Bucket');
      return app;
    }, securityPacks);

    // Read through the same filter as the checked apps, so that the filter is proven to keep the packs' findings.
    const findings = describeFindings(reportOf(report, PACK_PLUGIN));
    expect(findings).toContainEqual(expect.stringMatching(/^AwsSolutions: AwsSolutions-S1 at Plain\/Bucket/));
    expect(findings).toContainEqual(expect.stringMatching(/^NIST\.800\.53\.R5: /));
    expect(findings).toContainEqual(expect.stringMatching(/^PCI\.DSS\.321: /));
    expect(findings).toContainEqual(expect.stringMatching(/^HIPAA\.Security: HIPAA\.Security-S3BucketLoggingEnabled at Plain\/Bucket/));
  });
});

describe('acknowledgements', () => {
  const app = createTwoTenantApp({});
  const all = acknowledgements(app);
  const ids = (stackName: string) => acknowledgements(app.node.findChild(stackName)).map(([id]) => id);

  test('each give a reason a reviewer can accept: at least one full sentence', () => {
    expect(all.length).toBeGreaterThan(0);
    const weak = all.filter(([, reason]) => !/^[A-Za-z`'].{50,}[.)]$/s.test(reason));
    expect(weak).toEqual([]);
  });

  test('of single-AZ databases, missing deletion protection and single-node caches are on the Trial tenant only', () => {
    const tierDependent = [
      'AwsSolutions-RDS3', 'HIPAA.Security-RDSMultiAZSupport', 'NIST.800.53.R5-RDSMultiAZSupport',
      'AwsSolutions-RDS10', 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled', 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
      'AwsSolutions-AEC4',
    ];
    expect(ids('MateTenant-trial-dev')).toEqual(expect.arrayContaining(tierDependent));
    expect(ids('MateTenant-acme-dev').filter((id) => tierDependent.includes(id))).toEqual([]);
  });

  test('of backup plans are gone: every tenant database and file system is in its tenant\'s AWS Backup plan', () => {
    const backupRules = all.filter(([id]) => /-(RDS|EFS)InBackupPlan$/.test(id));
    expect(backupRules).toEqual([]);
  });

  test('of inline policies are gone from the flow log role and the tenant\'s task, execution and migration roles', () => {
    const inline = all.filter(([id, , constructPath]) => id.endsWith('-IAMNoInlinePolicy')
      && /\/(Base\/Vpc|Tenant\/TaskRole|Tenant\/Services\/ExecutionRole|Tenant\/Services\/MigrateOnDeploy)\b/.test(constructPath));
    expect(inline).toEqual([]);
  });
});
