import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TenantTier } from '../../../src/tiers';
import { createTenant, PRESET_TIERS } from '../tenant-fixtures';

/** cfn-lint is a Python tool; where it is not installed (as on CI runners without it) this check is skipped. */
const cfnLintAvailable = spawnSync('cfn-lint', ['--version']).status === 0;
const testIfCfnLint = cfnLintAvailable ? test.each(PRESET_TIERS) : test.skip.each(PRESET_TIERS);

interface CfnLintMatch {
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: Array<string | number> };
}

describe('cfn-lint', () => {
  testIfCfnLint('finds nothing wrong with the data resources of a %s tenant', (_name, tier: TenantTier) => {
    const { template, tenant } = createTenant({ tier });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-data-')), 'tenant.json');
    fs.writeFileSync(file, JSON.stringify(template.toJSON()));

    const result = spawnSync('cfn-lint', ['--format', 'json', file], { encoding: 'utf8' });
    const matches = JSON.parse(result.stdout || '[]') as CfnLintMatch[];
    const dataPrefix = `${tenant.node.id}Data`;
    const dataMatches = matches
      .filter((match) => String(match.Location.Path[1] ?? '').startsWith(dataPrefix))
      .map((match) => `${match.Rule.Id} ${match.Location.Path.join('/')}: ${match.Message}`);
    expect(dataMatches).toEqual([]);
    // The engine version in particular must be one RDS still offers for new instances (W3691 flags the bare '17').
    expect(matches.filter((match) => match.Rule.Id === 'W3691')).toEqual([]);
  });
});
