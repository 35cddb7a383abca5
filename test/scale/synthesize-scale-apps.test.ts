import * as fs from 'fs';
import * as path from 'path';
import { sharedScaleApps } from './scale-apps';

// Helps the scale tests: synthesizes the apps they read that no other worker has claimed yet (scale-apps.ts), so that
// both jest workers synthesize whichever test files jest runs first. Run alone, it synthesizes them all for nothing;
// run after the tests, it finds them all claimed.
test('synthesizes the scale tests\' apps that no other worker has claimed', () => {
  const apps = sharedScaleApps();
  if (!apps) {
    // Jest was run without the project's global setup: no directory to share through, and each test file synthesizes alone.
    return;
  }
  for (const name of apps.synthesizeUnclaimed()) {
    expect(fs.existsSync(path.join(apps.dir, name, 'manifest.json'))).toBe(true);
  }
}, 900_000);
