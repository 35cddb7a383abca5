/**
 * Prints what a synthesized cloud assembly holds: its stacks with their resources and template sizes, the tenants
 * (by their cost-allocation tags), the monthly cost estimate of each stack (the cost model of `npx mate-infra cost`)
 * and the security findings of the validation plugins (cdk-nag packs).
 *
 * Usage: ts-node scripts/summarize-assembly.ts <cdk.out directory>
 */
import * as fs from 'fs';
import * as path from 'path';
import { estimateAssembly, formatEstimates } from '../src/cost/estimate-assembly';

interface Template {
  Resources?: Record<string, { Type: string; Properties?: { Tags?: unknown } }>;
}

interface ValidationReport {
  pluginReports?: Array<{ pluginName?: string; conclusion?: string; violations?: Array<{ violatingConstructs?: unknown[] }> }>;
}

const assemblyDir = process.argv[2];
if (!assemblyDir) {
  throw new Error('usage: summarize-assembly.ts <cdk.out directory>');
}

const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf-8')) as {
  artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
};
const stacks = Object.entries(manifest.artifacts)
  .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
  .map(([name, artifact]) => {
    const file = path.join(assemblyDir, artifact.properties!.templateFile!);
    const text = fs.readFileSync(file, 'utf-8');
    return { name, template: JSON.parse(text) as Template, bytes: Buffer.byteLength(text) };
  });

console.log(`Synthesized ${stacks.length} stacks into ${assemblyDir}`);
for (const stack of stacks) {
  const resources = Object.values(stack.template.Resources ?? {});
  const kinds = new Map<string, number>();
  for (const resource of resources) {
    kinds.set(resource.Type, (kinds.get(resource.Type) ?? 0) + 1);
  }
  const notable = ['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::S3::Bucket', 'AWS::EFS::FileSystem',
    'AWS::ECS::Service', 'AWS::ECS::Cluster', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::WAFv2::WebACL',
    'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::KMS::Key']
    .filter((type) => kinds.has(type))
    .map((type) => `${kinds.get(type)} ${type.split('::').slice(1).join('::')}`);
  console.log(`  ${stack.name}: ${resources.length} resources, ${(stack.bytes / 1024).toFixed(1)} KiB template`);
  if (notable.length > 0) {
    console.log(`    ${notable.join(', ')}`);
  }
}

const tenants = new Map<string, string>();
for (const stack of stacks) {
  for (const resource of Object.values(stack.template.Resources ?? {})) {
    const tags = resource.Properties?.Tags;
    if (Array.isArray(tags)) {
      const tag = (key: string) => tags.find((t: { Key?: string }) => t.Key === key)?.Value as string | undefined;
      const tenant = tag('mate:tenant');
      if (tenant) {
        tenants.set(`${tenant} (environment ${tag('mate:environment')})`, tag('mate:tier') ?? '?');
      }
    }
  }
}
console.log(`Tenants: ${[...tenants].map(([tenant, tier]) => `${tenant}: ${tier}`).join('; ') || 'none'}`);

console.log('Estimated monthly cost, line by line (npx mate-infra cost):');
console.log(formatEstimates(estimateAssembly(assemblyDir)).split('\n').map((line) => (line ? `  ${line}` : line)).join('\n'));

const reportFile = path.join(assemblyDir, 'validation-report.json');
let findings = 0;
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8')) as ValidationReport;
  const plugins = report.pluginReports ?? [];
  // One violation is one rule; each construct it names is one finding.
  findings = plugins.reduce((count, plugin) => count
    + (plugin.violations ?? []).reduce((sum, violation) => sum + (violation.violatingConstructs?.length ?? 1), 0), 0);
  const names = plugins.map((plugin) => plugin.pluginName ?? '?').join(', ');
  console.log(findings === 0 ? 'Security findings: none' : `Security findings: ${findings}, from ${names}`);
} else {
  // cdk-nag v3 reports only packs with findings: no report means every registered pack passed.
  console.log('Security findings: none');
}

// What to do next, for the app this assembly came from (its folder, relative to the repository).
const appDir = path.relative(path.join(__dirname, '..'), path.dirname(path.resolve(assemblyDir))) || '.';
console.log([
  '',
  'Next:',
  ...(findings > 0 ? ['  Fix or acknowledge the security findings above: a synth with findings cannot be deployed.'] : []),
  `  Deploy: put your domain, hosted zone and alarm e-mail in ${path.join(appDir, 'app.ts')}, then with AWS credentials`,
  '  (and once per account and Region: npx cdk bootstrap)',
  `    cd ${appDir} && npx cdk deploy --all    # ${stacks.map((stack) => stack.name).join(', ')}`,
  '  Add a tenant: another MateTenant in its own stack in app.ts, or copy examples/template, set tenantId, tier',
  '    and environment in its tenant.json, and run npx cdk deploy there.',
  '  Read: README.md (usage, tiers), docs/tenants.md (what a tenant gets), docs/operations.md (runbook, monitoring).',
].join('\n'));
