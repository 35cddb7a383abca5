import * as fs from 'fs';
import * as path from 'path';
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { FLAG_CONTEXTS, LIFECYCLE_APPS, synthesizeTemplates, type Templates } from './lifecycle-apps';

const REPLACING = [ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE, ResourceImpact.WILL_DESTROY, ResourceImpact.WILL_ORPHAN];

/**
 * What deploying `after` over `before` would do to any resource beyond an in-place update, as
 * `<stack> <logical id> (<type>): <what>`: replaced (or may be), destroyed, orphaned, added or removed (a logical id
 * that changes is one removal and one addition), and stacks that appear or disappear.
 */
function beyondInPlace(before: Templates, after: Templates): string[] {
  const problems: string[] = [];
  for (const stackName of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(stackName in before) || !(stackName in after)) {
      problems.push(`${stackName}: stack ${stackName in before ? 'removed' : 'added'}`);
      continue;
    }
    fullDiff(before[stackName], after[stackName]).resources.forEachDifference((logicalId, change) => {
      const type = change.oldResourceType ?? change.newResourceType;
      if (change.isAddition || change.isRemoval) {
        problems.push(`${stackName} ${logicalId} (${type}): ${change.isAddition ? 'added' : 'removed'}`);
      } else if (REPLACING.includes(change.changeImpact)) {
        const because = Object.entries(change.propertyUpdates)
          .filter(([, update]) => REPLACING.includes(update.changeImpact!))
          .map(([property]) => property);
        problems.push(`${stackName} ${logicalId} (${type}): ${change.changeImpact} (${because.join(', ')})`);
      }
    });
  }
  return problems;
}

describe.each(LIFECYCLE_APPS)('%s', (_name, create) => {
  const [[, noFlags], [, recommended]] = FLAG_CONTEXTS;
  const withoutFlags = synthesizeTemplates(create, noFlags);
  const withFlags = synthesizeTemplates(create, recommended);

  test('turning the recommended feature flags on replaces, destroys or renames no resource', () => {
    expect(beyondInPlace(withoutFlags, withFlags)).toEqual([]);
  });

  test('turning them off again (an app started from `cdk init` that drops them) replaces, destroys or renames nothing either', () => {
    expect(beyondInPlace(withFlags, withoutFlags)).toEqual([]);
  });

  test('the flags do reach the templates, so the comparison is not between two identical syntheses', () => {
    expect(JSON.stringify(withFlags)).not.toEqual(JSON.stringify(withoutFlags));
  });
});

describe('the comparison of feature flags', () => {
  test('fails when a flag renames a resource: an EFS file system\'s mount targets, left to aws-cdk-lib', () => {
    const fileSystemApp = (context: { [key: string]: unknown }): Templates => {
      const app = new App({ context });
      const stack = new Stack(app, 'Unpinned');
      new efs.FileSystem(stack, 'FileSystem', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) });
      return { Unpinned: app.synth().getStackByName('Unpinned').template };
    };
    const problems = beyondInPlace(fileSystemApp({}), fileSystemApp({ ...CURRENTLY_RECOMMENDED_FLAGS }));
    expect(problems).toContainEqual(expect.stringMatching(/^Unpinned FileSystemEfsMountTarget\w+ \(AWS::EFS::MountTarget\): removed$/));
    expect(problems).toContainEqual(expect.stringMatching(/^Unpinned FileSystemEfsMountTarget\w+ \(AWS::EFS::MountTarget\): added$/));
  });
});

describe.each(['demo', 'template'])('examples/%s/cdk.json', (example) => {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', example, 'cdk.json'), 'utf8'));

  test('carries the recommended feature flags as `cdk init` writes them, so the starter matches what users create', () => {
    expect(cdkJson.context).toMatchObject(CURRENTLY_RECOMMENDED_FLAGS);
  });

  test('still fails the synthesis on security findings', () => {
    expect(cdkJson.context['@aws-cdk/core:failSynthOnValidationErrors']).toBe(true);
  });
});
