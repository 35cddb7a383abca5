/**
 * Writes the tables of README.md and docs/*.md that restate code, from that code, between markers:
 *
 *   <!-- generated:tier-table -->
 *   ...
 *   <!-- /generated:tier-table -->
 *
 * `npx projen docs` rewrites them; `npx projen docs --check` (and test/docs/generated-tables.test.ts, in process)
 * changes nothing and fails naming each file whose text differs from what the code says. Tests read the code, never
 * the prose around these tables.
 *
 * The sources: the tier presets (`TenantTier`), their cost by the cost model (scripts/docs/cost-table.ts), the findings the checked apps acknowledge (their construct metadata,
 * read after synthesizing each of test/security/security-apps.ts's `CHECKED_APPS`, the apps every security check
 * covers), the disabled cfn-guard rules (test/security/cfn-guard-rules.ts), the ignored cfn-lint checks with the
 * reasons written above them in .cfnlintrc.yaml, and the intended wildcard resources (src/security/intended-wildcards.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validations, type App } from 'aws-cdk-lib';
import { isSeq, parseDocument } from 'yaml';
import { DOCUMENTED_ACKNOWLEDGEMENTS, type DocumentedAcknowledgement } from './acknowledged-findings';
import { tierCostTable } from './cost-table';
import { INTENDED_WILDCARDS } from '../../src/security/intended-wildcards';
import { TenantTier, type TenantTierConfig } from '../../src/tiers';
// The checked apps and the disabled guard rules are what the security tests run; the documentation describes exactly
// those, so it takes them from there rather than from a copy.
import { DISABLED_GUARD_RULES } from '../../test/security/cfn-guard-rules';
import { CHECKED_APPS } from '../../test/security/security-apps';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/** The command that regenerates the tables, as a failing check names it. */
export const GENERATE_COMMAND = 'npx projen docs';

/** One acknowledgement found on a construct of a checked app. */
export interface Acknowledgement {
  /** The id as recorded, for example `Annotation::AwsSolutions-IAM5[Resource::*]` or `CloudFormation-Validate::W3010`. */
  readonly id: string;
  /** The construct's path below its stack (`''` for the stack itself), for example `Tenant/Data/Database/Instance`. */
  readonly path: string;
}

/** What the tables are generated from, besides what this module reads itself. */
export interface TableInputs {
  readonly acknowledgements: readonly Acknowledgement[];
}

/** Every acknowledgement recorded on a construct of `app`, which must have been synthesized (aspects add some). */
export function acknowledgementsOf(app: App): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        const below = construct.node.path.split('/').slice(1).join('/');
        found.push(...Object.keys(entry.data as object).map((id) => ({ id, path: below })));
      }
    }
  }
  return found;
}

/** Synthesizes each checked app (into a temporary directory, removed afterwards) and returns its acknowledgements. */
export function checkedAppAcknowledgements(): Acknowledgement[] {
  return CHECKED_APPS.flatMap(({ create }) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mate-docs-'));
    try {
      const app = create({ outdir });
      app.synth();
      return acknowledgementsOf(app);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The tables

const TIER_LABELS: { readonly [field in keyof TenantTierConfig]: string } = {
  databaseInstanceClass: 'RDS instance class',
  cacheNodeType: 'Redis node type',
  cpu: 'ECS task CPU units',
  memoryMiB: 'ECS task memory, MiB',
  databaseMaxAllocatedStorageGiB: 'Database storage autoscaling ceiling, GiB',
  databaseBackupRetentionDays: 'Database backups kept, days',
  databaseMultiAz: 'Multi-AZ database',
  deletionProtection: 'Database deletion protection',
  cacheReplicas: 'Redis replicas',
  cacheAutomaticFailover: 'Redis automatic failover',
  cacheSnapshotRetentionDays: 'Redis snapshots kept, days; 0 is none',
  minTasks: 'Fewest tasks of the web and worker services',
  maxTasks: 'Most tasks of the web and worker services',
  logRetention: 'Log retention, days',
  workersOnSpot: 'Celery workers on Fargate Spot above one on-demand task',
  backgroundOnSpotOnly: 'Celery worker and Celery Beat on Fargate Spot only, no on-demand task (see docs/cost.md)',
};

const PRESETS: ReadonlyArray<[string, TenantTier]> = [
  ['Trial', TenantTier.TRIAL], ['Standard', TenantTier.STANDARD], ['Enterprise', TenantTier.ENTERPRISE],
];

function tierCell(value: unknown): string {
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  return String(value);
}

/** One row per `TenantTierConfig` field, one column per preset. */
function tierTable(): string[][] {
  const fields = Object.keys(TenantTier.TRIAL.config) as Array<keyof TenantTierConfig>;
  const unlabelled = fields.filter((field) => !TIER_LABELS[field]);
  if (unlabelled.length > 0) {
    throw new Error(`TenantTierConfig has fields the tier table has no label for: ${unlabelled.join(', ')}; add them to TIER_LABELS in scripts/docs/generate-tables.ts`);
  }
  return [
    ['Setting', ...PRESETS.map(([label]) => label)],
    ...fields.map((field) => [`${TIER_LABELS[field]} (\`${field}\`)`, ...PRESETS.map(([, tier]) => tierCell(tier.config[field]))]),
  ];
}

/** The packs whose rules are named without their prefix, and how the table names each. */
const NAMED_PACKS: ReadonlyArray<[string, string]> = [['HIPAA.Security', 'HIPAA'], ['NIST.800.53.R5', 'NIST'], ['PCI.DSS.321', 'PCI']];

/** The rule as docs/security.md names it and the pack it came from (none for AwsSolutions and template validation). */
function ruleOf(id: string): { readonly rule: string; readonly pack?: string } {
  const [source, rest] = id.includes('::') ? [id.slice(0, id.indexOf('::')), id.slice(id.indexOf('::') + 2)] : ['Annotation', id];
  const withoutDetail = rest.replace(/\[.*$/, '');
  if (source === 'CloudFormation-Validate') {
    return { rule: withoutDetail };
  }
  if (/^AwsSolutions-[A-Za-z0-9]+$/.test(withoutDetail)) {
    return { rule: withoutDetail };
  }
  for (const [prefix, pack] of NAMED_PACKS) {
    if (withoutDetail.startsWith(`${prefix}-`)) {
      return { rule: withoutDetail.slice(prefix.length + 1), pack };
    }
  }
  throw new Error(`acknowledgement '${id}' is of no pack the security table knows; teach ruleOf in scripts/docs/generate-tables.ts to name it`);
}

/** The rows of the acknowledged-findings table: each documented entry with the rules, packs and paths it covers. */
function acknowledgementTable(acknowledgements: readonly Acknowledgement[]): string[][] {
  const covered = new Map<DocumentedAcknowledgement, { packs: Map<string, Set<string>>; paths: Set<string> }>();
  for (const entry of DOCUMENTED_ACKNOWLEDGEMENTS) {
    covered.set(entry, { packs: new Map(entry.rules.map((rule) => [rule, new Set<string>()])), paths: new Set<string>() });
  }
  const problems = new Set<string>();
  for (const acknowledgement of acknowledgements) {
    const { rule, pack } = ruleOf(acknowledgement.id);
    const entries = DOCUMENTED_ACKNOWLEDGEMENTS.filter((entry) => entry.rules.includes(rule) && entry.at.test(acknowledgement.path));
    if (entries.length !== 1) {
      const [matches, fix] = entries.length === 0 ? ['no entry', 'add one saying where and why'] : [`${entries.length} entries`, 'make their `at` patterns exclusive'];
      problems.add(`${rule} at '${acknowledgement.path}' matches ${matches} of scripts/docs/acknowledged-findings.ts; ${fix}`);
      continue;
    }
    const coverage = covered.get(entries[0])!;
    coverage.paths.add(acknowledgement.path);
    if (pack) {
      coverage.packs.get(rule)!.add(pack);
    }
  }
  for (const [entry, coverage] of covered) {
    if (coverage.paths.size === 0) {
      problems.add(`the entry for ${entry.rules.join(', ')} (${entry.where}) in scripts/docs/acknowledged-findings.ts matches no acknowledgement of the checked apps; remove it`);
    }
  }
  if (problems.size > 0) {
    throw new Error(`The acknowledged findings cannot be documented:\n- ${[...problems].join('\n- ')}`);
  }
  const packOrder = NAMED_PACKS.map(([, pack]) => pack);
  return [
    ['Rule', 'Where', 'Reason', 'Construct paths'],
    ...[...covered].map(([entry, coverage]) => [
      entry.rules.map((rule) => {
        const packs = [...coverage.packs.get(rule)!].sort((a, b) => packOrder.indexOf(a) - packOrder.indexOf(b));
        return packs.length > 0 ? `${rule} (${packs.join(', ')})` : rule;
      }).join(', '),
      entry.where,
      entry.reason,
      [...coverage.paths].sort().map((construct) => (construct === '' ? 'the stack' : `\`${construct}\``)).join(', '),
    ]),
  ];
}

function guardTable(): string[][] {
  return [
    ['Control', 'Rule file', 'Why it does not apply'],
    ...DISABLED_GUARD_RULES.map(({ control, rule, reason }) => [control, `\`${rule}.guard\``, reason]),
  ];
}

/** The ignored checks of .cfnlintrc.yaml with the comment above each, `W3005 (what it checks): why it is ignored`. */
function cfnLintTable(root: string): string[][] {
  const file = path.join(root, '.cfnlintrc.yaml');
  const document = parseDocument(fs.readFileSync(file, 'utf8'));
  const checks = document.get('ignore_checks');
  if (!isSeq(checks)) {
    throw new Error(`${file} has no ignore_checks list`);
  }
  return [
    ['Check', 'What it checks', 'Why it is ignored'],
    ...checks.items.map((item, index) => {
      const check = String((item as { value: unknown }).value);
      // The comment above the first item belongs to the list itself.
      const above = (item as { commentBefore?: string }).commentBefore ?? (index === 0 ? checks.commentBefore : undefined) ?? '';
      const comment = above.split('\n').map((line) => line.trim()).join(' ').trim();
      const match = new RegExp(`^${check} \\(([^)]+)\\):\\s*(.+)$`).exec(comment);
      if (!match) {
        throw new Error(`${file}: write the reason for ignoring ${check} in the comment above it, as '${check} (what it checks): why it does not apply'`);
      }
      return [check, match[1], match[2]];
    }),
  ];
}

/** A wildcard resource pattern as a reader would write it: `<…>` for a partition, Region, account or reference. */
function readableResource(pattern: RegExp): string {
  const segment = '(?:<[A-Za-z0-9:]+>|[a-z0-9-]+)';
  const readable = pattern.source
    .replace(/^\^/, '').replace(/\$$/, '')
    .replace(/\\\//g, '/')
    .split(`arn:${segment}:`).join('arn:<partition>:')
    .split(`:${segment}:${segment}:`).join(':<region>:<account>:')
    .split(segment).join('<…>')
    .split('<[A-Za-z0-9.]+>').join('<reference>')
    .split('[a-z0-9-]+').join('<name>')
    .replace(/\\\*/g, '*');
  // Anything still looking like a regular expression is shown as one.
  return /[\\()[\]+?|^$]/.test(readable) ? `/${pattern.source}/` : readable;
}

function wildcardTable(): string[][] {
  return [
    ['Actions', 'Resource', 'Why'],
    ...INTENDED_WILDCARDS.map((entry) => [
      entry.actions.map((action) => `\`${action}\``).join(', '),
      `\`${readableResource(entry.resource)}\``,
      entry.reason,
    ]),
  ];
}

function markdownTable(rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const [header, ...body] = rows;
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...body.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** Every generated table by marker name, as Markdown. */
export function renderTables(inputs: TableInputs, root = ROOT): { readonly [name: string]: string } {
  return {
    'tier-table': markdownTable(tierTable()),
    'acknowledged-findings': markdownTable(acknowledgementTable(inputs.acknowledgements)),
    'cfn-guard-disabled-rules': markdownTable(guardTable()),
    'cfn-lint-ignored-checks': markdownTable(cfnLintTable(root)),
    'intended-wildcards': markdownTable(wildcardTable()),
    'tier-cost': markdownTable(tierCostTable()),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The documents

const MARKERS = /<!-- generated:([a-z0-9-]+) -->\n([\s\S]*?)<!-- \/generated:\1 -->/g;
const ANY_MARKER = /<!-- \/?generated:([a-z0-9-]+) -->/g;

/** README.md and every Markdown file of docs/, relative to `root`. */
export function documents(root = ROOT): string[] {
  const docs = fs.existsSync(path.join(root, 'docs'))
    ? fs.readdirSync(path.join(root, 'docs')).filter((file) => file.endsWith('.md')).sort().map((file) => `docs/${file}`)
    : [];
  return ['README.md', ...docs];
}

/** A document whose generated text is not what the code says, or whose markers are wrong. */
export interface Drift {
  readonly file: string;
  readonly table: string;
  readonly problem: string;
}

export interface GenerateResult {
  /** Every document's generated text differing from the code (in check mode; otherwise what was rewritten). */
  readonly drift: readonly Drift[];
}

/**
 * Rewrites the generated tables of every document under `root` (or, with `check`, only compares them) and returns
 * what differed. Unknown table names, markers without a partner and tables no document shows are drift too.
 */
export function generateTables(options: { readonly root?: string; readonly check?: boolean; readonly inputs?: TableInputs } = {}): GenerateResult {
  const root = options.root ?? ROOT;
  const tables = renderTables(options.inputs ?? { acknowledgements: checkedAppAcknowledgements() }, root);
  const drift: Drift[] = [];
  const shown = new Set<string>();
  for (const file of documents(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const paired = [...text.matchAll(MARKERS)];
    const markers = [...text.matchAll(ANY_MARKER)];
    if (markers.length !== paired.length * 2) {
      drift.push({ file, table: '', problem: 'has a generated-table marker without its partner: every <!-- generated:NAME --> needs a <!-- /generated:NAME --> after it' });
    }
    const updated = text.replace(MARKERS, (whole, name: string, current: string) => {
      const table = tables[name];
      if (table === undefined) {
        drift.push({ file, table: name, problem: `names a generated table that does not exist; the tables are ${Object.keys(tables).join(', ')}` });
        return whole;
      }
      shown.add(name);
      const wanted = `${table}\n`;
      if (current !== wanted) {
        drift.push({ file, table: name, problem: 'differs from what the code says' });
      }
      return `<!-- generated:${name} -->\n${wanted}<!-- /generated:${name} -->`;
    });
    if (!options.check && updated !== text) {
      fs.writeFileSync(path.join(root, file), updated);
    }
  }
  for (const name of Object.keys(tables).filter((table) => !shown.has(table))) {
    drift.push({ file: documents(root).join(', '), table: name, problem: 'is shown by no document: add <!-- generated:' + name + ' --> and its closing marker where the table belongs' });
  }
  return { drift };
}

/** The message a failing check prints: each file, each table, and the command that fixes it. */
export function describeDrift(drift: readonly Drift[]): string {
  return [
    'Generated documentation is out of date:',
    ...drift.map(({ file, table, problem }) => `- ${file}${table ? `, table '${table}'` : ''}: ${problem}`),
    `Run \`${GENERATE_COMMAND}\` and commit the result.`,
  ].join('\n');
}

if (require.main === module) {
  // Documentation describes the templates, not their validation; skip aws-cdk-lib's (slow) template validation.
  process.env.CDK_VALIDATION ??= 'false';
  const check = process.argv.includes('--check');
  try {
    const { drift } = generateTables({ check });
    if (check && drift.length > 0) {
      console.error(describeDrift(drift));
      process.exitCode = 1;
    } else if (!check && drift.some(({ problem }) => problem !== 'differs from what the code says')) {
      console.error(describeDrift(drift.filter(({ problem }) => problem !== 'differs from what the code says')));
      process.exitCode = 1;
    } else {
      console.log(check ? 'Generated tables are up to date.' : `Generated tables written (${drift.length} updated).`);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
