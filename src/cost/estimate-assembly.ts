import * as fs from 'fs';
import * as path from 'path';
import { estimateTemplate, type CostTemplate, type StackEstimate } from './estimate-template';
import { US_EAST_1_PRICES, type PriceTable } from './price-table';

interface Artifact {
  readonly type: string;
  readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
}

interface Manifest {
  readonly artifacts?: { readonly [id: string]: Artifact };
}

/** The estimate of every stack of a cloud assembly (a `cdk.out` directory), nested stages included. */
export function estimateAssembly(directory: string, prices: PriceTable = US_EAST_1_PRICES): StackEstimate[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${directory} is not a cloud assembly (no manifest.json); run 'cdk synth' first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]) => {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const template = JSON.parse(fs.readFileSync(path.join(directory, artifact.properties.templateFile), 'utf8')) as CostTemplate;
      return [estimateTemplate(id, template, prices)];
    }
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      return estimateAssembly(path.join(directory, artifact.properties.directoryName), prices);
    }
    return [];
  });
}

/** The estimates as a report: each stack's lines and total, what depends on usage, the grand total and the prices' date. */
export function formatEstimates(estimates: StackEstimate[], prices: PriceTable = US_EAST_1_PRICES): string {
  const money = (value: number) => `$${value.toFixed(2)}`.padStart(10);
  const width = Math.max(30, ...estimates.flatMap((estimate) => estimate.lines.map((line) => line.item.length)));
  const out: string[] = [];
  for (const estimate of estimates) {
    out.push(`${estimate.stackName}`);
    for (const line of [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd)) {
      out.push(`  ${line.item.padEnd(width)} ${money(line.monthlyUsd)}  ${line.detail}`);
    }
    out.push(`  ${'Total per month'.padEnd(width)} ${money(estimate.totalUsd)}`);
    if (estimate.usageDriven.length > 0) {
      out.push(`  Plus usage: ${estimate.usageDriven.join('; ')}`);
    }
    out.push('');
  }
  const total = estimates.reduce((sum, estimate) => sum + estimate.totalUsd, 0);
  out.push(`All stacks: ${money(total).trim()} per month before usage, at ${prices.region} on-demand list prices read on ${prices.readOn} (src/cost/price-table.ts)`);
  return out.join('\n');
}
