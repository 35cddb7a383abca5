/**
 * The time aws-cdk-lib's built-in CloudFormation validation takes over the templates of a cloud assembly: the cost
 * that is fixed by what an app synthesizes, whatever its constructs cost. Runs the engine aws-cdk-lib 2.276 runs at
 * synth (`@aws/cloudformation-validate`, one engine for every template of the assembly) with the settings of its
 * `CloudFormationValidatePlugin`.
 *
 * Usage: ts-node --transpile-only scripts/bench/validation-time.ts <assembly dir> [<assembly dir> ...]
 * (for example the `mate-250` and `hand-written-250` directories `npx projen bench --sizes 250 --keep` leaves)
 */
import * as fs from 'fs';
import * as path from 'path';
import { readAssemblyStats } from './assembly-stats';

// aws-cdk-lib's own dependency, not one of the library's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engineModule = require(require.resolve('@aws/cloudformation-validate', { paths: [path.dirname(require.resolve('aws-cdk-lib'))] }));

/** The rules aws-cdk-lib's plugin leaves out (`IGNORE_RULES` and the AutoScaling exclusion of its `validate`). */
const OPTIONS = {
  detailLevel: 'STANDARD',
  pseudoParameterOverrides: {},
  exclude: { ids: ['W3005', 'W1020', 'I4010', 'W4011', 'W4012', 'W9002', 'W9013', 'W1103'], services: [{ ruleId: 'W3697', service: 'AWS::AutoScaling' }] },
  severityLevel: 'WARN',
};

function main(): void {
  const assemblies = process.argv.slice(2);
  if (assemblies.length === 0) {
    throw new Error('usage: validation-time.ts <assembly dir> [<assembly dir> ...]');
  }
  console.log(`@aws/cloudformation-validate ${engineModule.version()}`);
  console.log('| assembly | templates | resources | validation s | ms/resource |');
  console.log('|---|---|---|---|---|');
  for (const assembly of assemblies) {
    const { stacks, totalResources } = readAssemblyStats(assembly);
    const texts = stacks.map((stack) => fs.readFileSync(stack.templateFile, 'utf-8'));
    const start = performance.now();
    const engine = new engineModule.CompositeEngine({});
    stacks.forEach((stack, index) => engine.validateTemplate(new engineModule.TemplateContent(texts[index], stack.templateFile), OPTIONS));
    const ms = performance.now() - start;
    engine.free();
    console.log(`| ${path.basename(assembly)} | ${stacks.length} | ${totalResources} | ${(ms / 1000).toFixed(1)} | ${(ms / totalResources).toFixed(2)} |`);
  }
}

main();
