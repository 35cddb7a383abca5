#!/usr/bin/env node
import { estimateAssembly, formatEstimates } from '../cost/estimate-assembly';
import { previewDirectories } from '../preview/change-preview';

const USAGE = [
  'usage: mate-infra cost [cdk.out]          estimate the monthly cost of every stack of a synthesized app',
  '       mate-infra preview <before> <after>  what deploying <after> over <before> (two cdk.out directories) does to',
  '                                            each stack; exits 1 when a data store would be replaced or destroyed',
].join('\n');

/**
 * The package's command: `mate-infra cost <cloud assembly>` prices each stack of a synthesized app line by line;
 * `mate-infra preview <before> <after>` is the offline `terraform plan` of a change. Exit codes: 0 done, 1 the
 * command found a problem (data would be lost, an unreadable assembly), 2 bad usage.
 */
export function main(args: string[]): number {
  const [command, ...operands] = args;
  try {
    if (command === 'cost' && operands.length <= 1) {
      console.log(formatEstimates(estimateAssembly(operands[0] ?? 'cdk.out')));
      return 0;
    }
    if (command === 'preview' && operands.length === 2) {
      const { text, exitCode } = previewDirectories(operands[0], operands[1]);
      console.log(text);
      return exitCode;
    }
  } catch (error) {
    console.error(`mate-infra ${command}: ${(error as Error).message}`);
    return 1;
  }
  console.error(USAGE);
  return 2;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
