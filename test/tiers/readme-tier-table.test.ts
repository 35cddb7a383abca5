import { readFileSync } from 'fs';
import { join } from 'path';
import { TenantTier, type TenantTierConfig } from '../../src';

// The README's tier table is the documentation users read; it must say exactly what the presets do.
const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf-8');
const PRESETS = [TenantTier.TRIAL, TenantTier.STANDARD, TenantTier.ENTERPRISE];
const FIELDS = Object.keys(TenantTier.TRIAL.config) as Array<keyof TenantTierConfig>;

/** The cells of the table row documenting `field`, after the label. */
function readmeRow(field: string): string[][] {
  return README.split('\n')
    .filter((line) => line.startsWith('|') && line.includes(`(\`${field}\`)`))
    .map((line) => line.split('|').slice(2, -1).map((cell) => cell.trim()));
}

function asCell(value: TenantTierConfig[keyof TenantTierConfig]): string {
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  return String(value);
}

describe('the README tier table', () => {
  test('has Trial, Standard and Enterprise columns', () => {
    expect(README).toContain('| Setting | Trial | Standard | Enterprise |');
  });

  test.each(FIELDS)('documents %s exactly once, with each preset\'s value', (field) => {
    expect(readmeRow(field)).toEqual([PRESETS.map((tier) => asCell(tier.config[field]))]);
  });
});
