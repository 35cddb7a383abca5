import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeTenant } from './tenant-outputs';
import { main } from '../../src/cli/mate-infra';
import { previewDirectories, readTemplates } from '../../src/preview/change-preview';
import { TenantTier } from '../../src/tiers';

describe('the offline change preview (mate-infra preview)', () => {
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

  test('as the package\'s command, prints the preview and exits non-zero when data would be lost', () => {
    const printed: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((text: string) => { printed.push(text); });
    jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(main(['preview', standard.outdir, renamedDatabase.outdir])).toBe(1);
      expect(printed.join('\n')).toContain('Data would be lost (1):');
      expect(main(['preview', standard.outdir])).toBe(2);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
