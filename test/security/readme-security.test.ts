import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { parse } from 'yaml';
import { DISABLED_GUARD_RULES } from './cfn-guard-rules';
import { CHECKED_APPS } from './security-apps';
import { INTENDED_WILDCARDS } from '../../src/security/intended-wildcards';

const ROOT = path.join(__dirname, '..', '..');

/** The README's security section: from its marker to the next section's heading. */
function securitySection(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- section: security -->');
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('the README\'s security section', () => {
  const section = securitySection();

  test('lists every Control Tower control that is not applied', () => {
    const missing = DISABLED_GUARD_RULES.filter(({ control }) => !section.includes(`| ${control}`)).map(({ control }) => control);
    expect(missing).toEqual([]);
  });

  test('lists every cfn-lint check that is ignored', () => {
    const ignored: string[] = parse(fs.readFileSync(path.join(ROOT, '.cfnlintrc.yaml'), 'utf8')).ignore_checks;
    expect(ignored.filter((check) => !section.includes(`| ${check} |`))).toEqual([]);
  });

  test('explains every intended wildcard', () => {
    expect(INTENDED_WILDCARDS.filter((entry) => !section.includes(entry.actions[0])).map((entry) => entry.actions[0])).toEqual([]);
  });

  test('lists every acknowledged rule of the checked apps', () => {
    const rules = new Set<string>();
    for (const { create } of CHECKED_APPS) {
      const app = create({});
      app.synth();
      for (const construct of app.node.findAll()) {
        for (const entry of construct.node.metadata.filter((metadata) => metadata.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
          for (const id of Object.keys(entry.data as object)) {
            // `HIPAA.Security-RDSMultiAZSupport` is listed as RDSMultiAZSupport; AwsSolutions rules by their full id.
            const match = /^(?:annotation::)?(AwsSolutions-[A-Za-z0-9]+|(?:HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-([A-Za-z0-9]+))/i.exec(id);
            if (match) {
              rules.add(match[2] ?? match[1]);
            }
          }
        }
      }
    }
    expect(rules.size).toBeGreaterThan(20);
    expect([...rules].filter((rule) => !section.includes(rule)).sort()).toEqual([]);
  });
});
