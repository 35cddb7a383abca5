import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeTenant } from './tenant-outputs';
import { previewDirectories, readTemplates } from '../../scripts/preview/change-preview';
import { TenantTier } from '../../src/tiers';

describe('the offline change preview (scripts/preview-changes.ts)', () => {
  const standard = synthesizeTenant();
  const enterprise = synthesizeTenant({ tier: TenantTier.ENTERPRISE });
  const renamedDatabase = synthesizeTenant({ databaseName: 'platform' });
  const sharedKey = synthesizeTenant({ dedicatedKey: false });

  test('passes a tier change: exit code 0, no data lost', () => {
    const { text, exitCode } = previewDirectories(standard.outdir, enterprise.outdir);
    expect(exitCode).toBe(0);
    expect(text).toContain('MateTenant-demo-dev:');
    expect(text).toContain('No data would be lost.');
  });

  test('fails on a change that replaces the database, naming it and the property that forces it', () => {
    const { text, exitCode } = previewDirectories(standard.outdir, renamedDatabase.outdir);
    expect(exitCode).toBe(1);
    expect(text).toMatch(/^ {2}replaced +TenantDataDatabaseInstance\w+ AWS::RDS::DBInstance: because of DBName \(UpdateReplacePolicy Snapshot keeps the old one apart; the stack continues on a new, empty one\) {2}<- DATA LOSS$/m);
    expect(text).toMatch(/Data would be lost \(1\):\n {2}MateTenant-demo-dev TenantDataDatabaseInstance\w+ \(AWS::RDS::DBInstance\): replaced$/);
  });

  test('fails on a change that removes the tenant\'s key, which makes every snapshot and backup of it unreadable', () => {
    const { text, exitCode } = previewDirectories(standard.outdir, sharedKey.outdir);
    expect(exitCode).toBe(1);
    expect(text).toMatch(/TenantDataKey\w+ AWS::KMS::Key.*DeletionPolicy RetainExceptOnCreate.*<- DATA LOSS/);
  });

  test('reads a saved directory of templates as well as a cdk.out directory, and says when a stack leaves the app', () => {
    const saved = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-saved-'));
    fs.writeFileSync(path.join(saved, 'MateBase-dev.template.json'), JSON.stringify(standard.templates['MateBase-dev']));
    fs.writeFileSync(path.join(saved, 'MateTenant-gone-dev.template.json'), JSON.stringify(standard.templates['MateTenant-demo-dev']));
    expect(Object.keys(readTemplates(saved)).sort()).toEqual(['MateBase-dev', 'MateTenant-gone-dev']);
    const { text, exitCode } = previewDirectories(saved, standard.outdir);
    expect(text).toContain('MateTenant-gone-dev: no longer in the app');
    expect(text).toContain('MateTenant-demo-dev: new stack');
    expect(exitCode).toBe(0);
  });

  test('as a command, prints the preview and exits non-zero when data would be lost', () => {
    const script = path.join(__dirname, '..', '..', 'scripts', 'preview-changes.ts');
    const run = spawnSync('npx', ['ts-node', '--transpile-only', script, standard.outdir, renamedDatabase.outdir], { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Data would be lost (1):');
    expect(spawnSync('npx', ['ts-node', '--transpile-only', script], { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') }).status).toBe(2);
  }, 60_000);
});
