import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CHECKED_APPS, checkedApp, tempDir } from './security-apps';

/** The repository's cfn-lint settings: which warnings are ignored, and why. */
const CONFIG_FILE = path.join(__dirname, '..', '..', '.cfnlintrc.yaml');

interface CfnLintMatch {
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string | null;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: Array<string | number> | null };
}

/** cfn-lint's findings in `files`, with the repository's settings, as `<rule> <file> <path>: <message>`. */
function lint(files: string[]): string[] {
  const result = spawnSync('cfn-lint', ['--config-file', CONFIG_FILE, '--format', 'json', '--', ...files], { encoding: 'utf8' });
  // The exit code is a bit mask: 2 errors, 4 warnings, 8 informational findings; 1 (or no code) is cfn-lint failing
  // to run, which must fail the test rather than read as "nothing found".
  if (result.error || result.status === null || result.status % 2 === 1) {
    throw new Error(`cfn-lint did not run (install it with 'pip install cfn-lint'): ${result.error?.message ?? result.stderr}`);
  }
  const matches = JSON.parse(result.stdout) as CfnLintMatch[];
  if (!Array.isArray(matches) || (result.status !== 0) !== (matches.length > 0)) {
    throw new Error(`cfn-lint's exit code ${result.status} does not match its ${matches.length} findings: ${result.stderr}`);
  }
  return matches.map((match) => `${match.Rule.Id} ${path.basename(match.Filename ?? '')} ${(match.Location.Path ?? []).join('/')}: ${match.Message}`);
}

describe('cfn-lint', () => {
  test('is installed: CI lints every template', () => {
    const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    expect(version.error?.message).toBeUndefined();
    expect(version.stdout).toMatch(/^cfn-lint \d+\./);
  });

  test('finds no error and no unexplained warning in the templates of any checked app', () => {
    // One cfn-lint process for every template: each start costs seconds.
    const templateFiles = CHECKED_APPS.flatMap(({ name }) => checkedApp(name).templateFiles);
    expect(templateFiles.length).toBeGreaterThanOrEqual(CHECKED_APPS.length);
    expect(lint(templateFiles)).toEqual([]);
  });

  test('reports a template it cannot read, rather than passing it', () => {
    const file = path.join(tempDir('lint'), 'missing.template.json');
    expect(lint([file])).toEqual([expect.stringMatching(/^E0003 .*missing\.template\.json could not be processed/)]);
  });

  test('reports what it finds: a property the resource does not have', () => {
    const file = path.join(tempDir('lint'), 'broken.template.json');
    fs.writeFileSync(file, JSON.stringify({
      Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'alarms', Colour: 'blue' } } },
    }));
    expect(lint([file])).toEqual([expect.stringMatching(/^E3002 broken\.template\.json Resources\/Topic\/Properties/)]);
  });

  test('the settings ignore warnings only, each by rule id under a comment that says why', () => {
    const text = fs.readFileSync(CONFIG_FILE, 'utf8');
    const ignored: string[] = parse(text).ignore_checks ?? [];
    expect(ignored.length).toBeGreaterThan(0);
    for (const ruleId of ignored) {
      expect(ruleId).toMatch(/^W\d{4}$/);
      const lines = text.split('\n');
      const index = lines.findIndex((line) => line.trim() === `- ${ruleId}`);
      expect(lines[index - 1]).toMatch(/^\s*#\s*\S/);
      expect(lines.slice(0, index).reverse().find((line) => line.includes(`${ruleId} (`))).toBeDefined();
    }
  });
});
