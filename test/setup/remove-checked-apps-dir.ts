import * as fs from 'fs';

/** Removes the run's checked-app syntheses (a few MB each). */
export default function removeCheckedAppsDir(): void {
  const dir = process.env.MATE_CHECKED_APPS_DIR;
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
