/**
 * What deploying one synth output over another would do to each stack, resource by resource, told the way an operator
 * reviews a change: updated in place, a new revision (task definitions, which ECS keeps), replaced, destroyed, and
 * whether any tenant data would be lost. The offline counterpart of `terraform plan`: no AWS account, only two
 * cdk.out directories. Used by `mate-infra preview` (src/cli/mate-infra.ts) and by the lifecycle tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';

export type Template = { [key: string]: any };
/** Every stack of a synth output by stack name. */
export type Templates = { [stackName: string]: Template };

/** Resource types whose replacement or removal loses a tenant's (or the environment's) data or makes it unreadable. */
export const DATA_RESOURCE_TYPES: readonly string[] = [
  'AWS::RDS::DBInstance',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::S3::Bucket',
  'AWS::EFS::FileSystem',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::Backup::BackupVault',
  'AWS::ECR::Repository',
];

/** Resource types CloudFormation replaces by design on every change: ECS registers a new revision and keeps the old. */
export const REVISION_RESOURCE_TYPES: readonly string[] = ['AWS::ECS::TaskDefinition'];

/**
 * Properties the CloudFormation registry schema lists as conditionally create-only (so `cdk diff` says "may be
 * replaced") which the resource's reference documents as updated in place for the resources MATE creates: for an RDS
 * instance outside an Aurora cluster, BackupRetentionPeriod and MultiAZ are "Update requires: Some interruptions"
 * (BackupRetentionPeriod only interrupts when it moves between 0 and a positive value, which tiers never set).
 */
export const DOCUMENTED_IN_PLACE: { readonly [type: string]: readonly string[] } = {
  'AWS::RDS::DBInstance': ['BackupRetentionPeriod', 'MultiAZ'],
};

export enum ChangeKind {
  UPDATED_IN_PLACE = 'updated in place',
  NEW_REVISION = 'new revision',
  REPLACED = 'replaced',
  MAY_BE_REPLACED = 'may be replaced',
  DESTROYED = 'destroyed',
  ORPHANED = 'removed, kept',
  ADDED = 'added',
}

export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** The properties that change; for a replacement, those that cause it. */
  readonly properties: string[];
  /** Whether only the resource's tags change. */
  readonly onlyTags: boolean;
  /** Why it is classified so, when that is not obvious from `cdk diff`. */
  readonly note?: string;
  /** Whether this change loses data: a data resource replaced (or possibly replaced), destroyed or removed. */
  readonly losesData: boolean;
}

export interface StackPreview {
  readonly stackName: string;
  /** `added` or `removed` when the stack is only in one of the two outputs. */
  readonly stackChange?: 'added' | 'removed';
  readonly changes: ResourceChange[];
}

const REPLACING = [ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE];

/** Classifies every resource difference between `before` and `after` of one stack. */
export function previewStack(stackName: string, before: Template | undefined, after: Template | undefined): StackPreview {
  if (before === undefined || after === undefined) {
    return { stackName, stackChange: before === undefined ? 'added' : 'removed', changes: [] };
  }
  const changes: ResourceChange[] = [];
  fullDiff(before, after).resources.forEachDifference((logicalId, change) => {
    const type = (change.oldResourceType ?? change.newResourceType)!;
    const isData = DATA_RESOURCE_TYPES.includes(type);
    const properties = Object.keys(change.propertyUpdates).sort();
    // Tags, BackupVaultTags, FileSystemTags, AccessPointTags, ...
    const onlyTags = properties.length > 0 && properties.every((property) => /Tags$/.test(property)) && Object.keys(change.otherChanges).length === 0;
    const base = { logicalId, type, properties, onlyTags };
    if (change.isAddition) {
      changes.push({ ...base, kind: ChangeKind.ADDED, onlyTags: false, losesData: false });
    } else if (change.isRemoval || change.changeImpact === ResourceImpact.WILL_DESTROY) {
      const policy = before.Resources?.[logicalId]?.DeletionPolicy;
      const kept = policy === 'Retain' || policy === 'RetainExceptOnCreate';
      changes.push({
        ...base,
        kind: kept ? ChangeKind.ORPHANED : ChangeKind.DESTROYED,
        onlyTags: false,
        note: policy ? `DeletionPolicy ${policy}` : undefined,
        losesData: isData,
      });
    } else if (change.changeImpact === ResourceImpact.WILL_ORPHAN) {
      changes.push({ ...base, kind: ChangeKind.ORPHANED, losesData: isData });
    } else if (REPLACING.includes(change.changeImpact)) {
      const causes = Object.entries(change.propertyUpdates).filter(([, update]) => REPLACING.includes(update.changeImpact!));
      const documentedInPlace = DOCUMENTED_IN_PLACE[type] ?? [];
      const undocumented = causes.filter(([property, update]) =>
        update.changeImpact === ResourceImpact.WILL_REPLACE || !documentedInPlace.includes(property));
      const causeNames = causes.map(([property]) => property).sort();
      if (REVISION_RESOURCE_TYPES.includes(type)) {
        changes.push({ ...base, kind: ChangeKind.NEW_REVISION, losesData: false });
      } else if (undocumented.length === 0 && causes.length > 0) {
        changes.push({
          ...base,
          kind: ChangeKind.UPDATED_IN_PLACE,
          onlyTags: false,
          note: `cdk diff says "may be replaced" for ${causeNames.join(', ')}; the ${type} reference documents ${causeNames.length === 1 ? 'it' : 'them'} as updated in place`,
          losesData: false,
        });
      } else {
        const kind = change.changeImpact === ResourceImpact.WILL_REPLACE ? ChangeKind.REPLACED : ChangeKind.MAY_BE_REPLACED;
        const policy = before.Resources?.[logicalId]?.UpdateReplacePolicy;
        const note = isData && policy && policy !== 'Delete' ? `UpdateReplacePolicy ${policy} keeps the old one apart; the stack continues on a new, empty one` : undefined;
        changes.push({ ...base, kind, onlyTags: false, properties: undocumented.map(([property]) => property).sort(), note, losesData: isData });
      }
    } else if (change.isUpdate || properties.length > 0 || Object.keys(change.otherChanges).length > 0) {
      const changed = properties.length > 0 ? properties : Object.keys(change.otherChanges).sort();
      changes.push({ ...base, kind: ChangeKind.UPDATED_IN_PLACE, properties: changed, losesData: false });
    }
  });
  return { stackName, changes };
}

/** Previews every stack of either output. */
export function previewTemplates(before: Templates, after: Templates): StackPreview[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.map((name) => previewStack(name, before[name], after[name]));
}

/** The changes of `previews` that lose data, as `<stack> <logical id> (<type>): <kind>`. */
export function dataLosses(previews: StackPreview[]): string[] {
  return previews.flatMap((preview) => preview.changes
    .filter((change) => change.losesData)
    .map((change) => `${preview.stackName} ${change.logicalId} (${change.type}): ${change.kind}`));
}

const ORDER = [
  ChangeKind.DESTROYED, ChangeKind.REPLACED, ChangeKind.MAY_BE_REPLACED, ChangeKind.ORPHANED,
  ChangeKind.NEW_REVISION, ChangeKind.UPDATED_IN_PLACE, ChangeKind.ADDED,
];

/** The preview as an operator reads it: per stack (one per tenant), one line per resource, tag-only updates counted. */
export function formatPreview(previews: StackPreview[]): string {
  const lines: string[] = [];
  for (const preview of previews) {
    if (preview.stackChange === 'added') {
      lines.push(`${preview.stackName}: new stack`);
      continue;
    }
    if (preview.stackChange === 'removed') {
      lines.push(`${preview.stackName}: no longer in the app (cdk deploy leaves the deployed stack as it is; cdk destroy would delete it)`);
      continue;
    }
    if (preview.changes.length === 0) {
      lines.push(`${preview.stackName}: no changes`);
      continue;
    }
    lines.push(`${preview.stackName}:`);
    const sorted = [...preview.changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.logicalId.localeCompare(b.logicalId));
    const tagsOnly = sorted.filter((change) => change.kind === ChangeKind.UPDATED_IN_PLACE && change.onlyTags);
    for (const change of sorted.filter((candidate) => !tagsOnly.includes(candidate))) {
      const because = change.kind === ChangeKind.REPLACED || change.kind === ChangeKind.MAY_BE_REPLACED ? 'because of ' : '';
      const what = change.properties.length > 0 ? `: ${because}${change.properties.join(', ')}` : '';
      const note = change.note ? ` (${change.note})` : '';
      const loss = change.losesData ? '  <- DATA LOSS' : '';
      lines.push(`  ${change.kind.padEnd(16)} ${change.logicalId} ${change.type}${what}${note}${loss}`);
    }
    if (tagsOnly.length > 0) {
      lines.push(`  ${ChangeKind.UPDATED_IN_PLACE.padEnd(16)} ${tagsOnly.length} more resource${tagsOnly.length === 1 ? '' : 's'}: only their tags`);
    }
  }
  const losses = dataLosses(previews);
  lines.push(losses.length === 0
    ? 'No data would be lost.'
    : `Data would be lost (${losses.length}):\n${losses.map((loss) => `  ${loss}`).join('\n')}`);
  return lines.join('\n');
}

/**
 * The stacks of a synth output: a cdk.out directory (its manifest.json names every stack's template) or a directory of
 * saved `<stack>.template.json` files.
 */
export function readTemplates(directory: string): Templates {
  const manifestFile = path.join(directory, 'manifest.json');
  const templates: Templates = {};
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: { [id: string]: { type: string; displayName?: string; properties?: { templateFile?: string; stackName?: string } } } };
    for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
      if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
        templates[artifact.properties.stackName ?? id] = JSON.parse(fs.readFileSync(path.join(directory, artifact.properties.templateFile), 'utf8'));
      }
    }
    return templates;
  }
  for (const file of fs.readdirSync(directory).filter((name) => name.endsWith('.template.json'))) {
    templates[file.slice(0, -'.template.json'.length)] = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8'));
  }
  if (Object.keys(templates).length === 0) {
    throw new Error(`${directory} holds neither a cdk.out manifest.json nor any *.template.json`);
  }
  return templates;
}

/** Compares the synth outputs in two directories: the text to print and the exit code (1 when data would be lost). */
export function previewDirectories(beforeDirectory: string, afterDirectory: string): { readonly text: string; readonly exitCode: number } {
  const previews = previewTemplates(readTemplates(beforeDirectory), readTemplates(afterDirectory));
  return { text: formatPreview(previews), exitCode: dataLosses(previews).length > 0 ? 1 : 0 };
}
