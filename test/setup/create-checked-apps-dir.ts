import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A fresh directory per jest run where the first worker that needs a checked app synthesizes it and every other test
 * reads it (see `checkedApp` in test/security/security-apps.ts). Workers inherit the variable.
 */
export default function createCheckedAppsDir(): void {
  process.env.MATE_CHECKED_APPS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-checked-apps-'));
}
