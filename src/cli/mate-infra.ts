#!/usr/bin/env node
import { estimateAssembly, formatEstimates } from '../cost/estimate-assembly';

const USAGE = 'usage: mate-infra cost [cdk.out]   estimate the monthly cost of every stack of a synthesized cloud assembly';

/** `mate-infra cost <cloud assembly>`: what each stack of a synthesized app costs a month, line by line. */
export function main(args: string[]): number {
  const [command, directory = 'cdk.out'] = args;
  if (command !== 'cost') {
    console.error(USAGE);
    return 2;
  }
  try {
    console.log(formatEstimates(estimateAssembly(directory)));
    return 0;
  } catch (error) {
    console.error(`mate-infra cost: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
