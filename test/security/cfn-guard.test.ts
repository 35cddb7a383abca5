import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IPolicyValidationContextBeta1 } from 'aws-cdk-lib';
import { DISABLED_GUARD_RULES } from './cfn-guard-rules';
import { CHECKED_APPS, checkedApp, controlTowerValidator, describeFindings, reportOf, tempDir } from './security-apps';

/** Where the validator keeps the bundled AWS Control Tower rules, one folder per service. */
const CONTROL_TOWER_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

/** The bundled rule files, by rule name (the file name without `.guard`). */
function bundledRules(): Map<string, string> {
  return new Map(fs.readdirSync(CONTROL_TOWER_RULES).flatMap((service) => fs.readdirSync(path.join(CONTROL_TOWER_RULES, service))
    .map((file): [string, string] => [path.basename(file, '.guard'), path.join(CONTROL_TOWER_RULES, service, file)])));
}

const GUARD_PLUGIN = /^cdk-validator-cfnguard$/;

describe('cfn-guard with the AWS Control Tower proactive controls', () => {
  test.each(CHECKED_APPS)('finds nothing in $name but the documented exceptions', ({ name }) => {
    expect(describeFindings(reportOf(checkedApp(name).report, GUARD_PLUGIN))).toEqual([]);
  });

  test('reports what it finds: an unencrypted bucket fails', () => {
    const file = path.join(tempDir('guard'), 'bucket.template.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: {} } } }));
    const validator = controlTowerValidator();
    expect(validator.name).toMatch(GUARD_PLUGIN);
    const result = validator.validate({ templatePaths: [file] } as IPolicyValidationContextBeta1);
    expect(result.success).toBe(false);
    expect(result.violations.map((violation) => violation.ruleName)).toContain('s3_bucket_versioning_enabled_check');
  });

  describe('each documented exception', () => {
    const rules = bundledRules();
    const templates = CHECKED_APPS.flatMap(({ name }) => checkedApp(name).templateFiles);

    test.each(DISABLED_GUARD_RULES.map((rule) => [rule.rule, rule]))('%s is a bundled rule with a reason, and still needed', (name, rule) => {
      expect(rules.has(name)).toBe(true);
      expect(fs.readFileSync(rules.get(name)!, 'utf8')).toContain(`[${rule.control}]`);
      expect(rule.reason).toMatch(/^[A-Z].{60,}\.$/s);

      // Enabled on its own, the rule fails the templates (or the plugin fails on its result): the exception is needed.
      const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [rules.get(name)!] });
      let passes: boolean;
      try {
        passes = validator.validate({ templatePaths: templates } as IPolicyValidationContextBeta1).success;
      } catch {
        passes = false;
      }
      expect(passes).toBe(false);
    });
  });
});
