/** Resources and template sizes of a synthesized cloud assembly, split into the base stack and the tenant stacks. */
import * as fs from 'fs';
import * as path from 'path';

export interface StackStats {
  readonly name: string;
  /** Path of the template, inside the assembly. */
  readonly templateFile: string;
  readonly resources: number;
  readonly templateBytes: number;
}

export interface AssemblyStats {
  readonly stacks: StackStats[];
  readonly tenantStacks: StackStats[];
  readonly totalResources: number;
  readonly totalTemplateBytes: number;
}

/** Tenant stacks of both benchmark apps are named `...Tenant-<tenantId>-<env>`. */
const TENANT_STACK = /Tenant-t\d+-/;

export function readAssemblyStats(assemblyDir: string): AssemblyStats {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf-8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const stacks = Object.entries(manifest.artifacts)
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([name, artifact]): StackStats => {
      const templateFile = path.join(assemblyDir, artifact.properties!.templateFile!);
      const text = fs.readFileSync(templateFile, 'utf-8');
      const template = JSON.parse(text) as { Resources?: Record<string, unknown> };
      return { name, templateFile, resources: Object.keys(template.Resources ?? {}).length, templateBytes: Buffer.byteLength(text) };
    });
  return {
    stacks,
    tenantStacks: stacks.filter(({ name }) => TENANT_STACK.test(name)),
    totalResources: sum(stacks.map(({ resources }) => resources)),
    totalTemplateBytes: sum(stacks.map(({ templateBytes }) => templateBytes)),
  };
}

/** Resource types and their counts in one stack's template, most frequent first. */
export function resourceTypes(stack: StackStats): Array<[string, number]> {
  const template = JSON.parse(fs.readFileSync(stack.templateFile, 'utf-8')) as {
    Resources?: Record<string, { Type: string }>;
  };
  const counts = new Map<string, number>();
  for (const { Type } of Object.values(template.Resources ?? {})) {
    counts.set(Type, (counts.get(Type) ?? 0) + 1);
  }
  return [...counts].sort(([typeA, countA], [typeB, countB]) => countB - countA || typeA.localeCompare(typeB));
}

export function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
