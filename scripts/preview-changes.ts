/**
 * Offline preview of a change: compares two synth outputs (two cdk.out directories, or a saved copy of the deployed
 * one and the current one) and prints, per stack (one per tenant), what is updated in place, what gets a new
 * revision, and anything replaced or destroyed with the reason. Exits 1 when data would be lost, 2 on bad usage.
 *
 * Usage: ts-node scripts/preview-changes.ts <before: cdk.out directory> <after: cdk.out directory>
 */
import { previewDirectories } from './preview/change-preview';

const [beforeDirectory, afterDirectory] = process.argv.slice(2);
if (!beforeDirectory || !afterDirectory) {
  console.error('usage: preview-changes.ts <before: cdk.out directory> <after: cdk.out directory>');
  process.exit(2);
}
const { text, exitCode } = previewDirectories(beforeDirectory, afterDirectory);
console.log(text);
process.exit(exitCode);
