import type { InteractionSpec } from './interactions';
import type { CatalogueProofs, Proof } from './prove-interactions';

/** The command that rewrites docs/interactions.md from the catalogue and the proofs. */
export const REGENERATE_COMMAND = 'npx projen docs:interactions';

/** How the docs name a stack of the app the proofs ran on, so that the text does not depend on a tenant's id. */
export interface StackNaming {
  readonly base: string;
  readonly tenants: string[];
}

/** A network path of the proofs, described with stack names. */
export interface DocumentedPath {
  readonly description: string;
  readonly open: boolean;
}

/**
 * docs/interactions.md: each interaction of the catalogue with the statements that allow it, each denial with what
 * denies it, as the IAM engine decided them on `appName`; then the network paths.
 */
export function renderInteractionsDoc(appName: string, result: CatalogueProofs, naming: StackNaming, paths: DocumentedPath[]): string {
  const name = (text: string) => generalize(text, naming);
  const entries = (expect: 'Allow' | 'Deny') => [...new Map(result.proofs.filter((proof) => proof.entry.expect === expect)
    .map((proof) => [proof.entry.id, proof.entry])).values()];
  const outside = [...new Set([...entries('Allow'), ...entries('Deny')].flatMap((entry) => entry.requests.flatMap((spec) => [
    spec.identityOutsideTemplates ? `- \`${entry.id}\`: identity policy of \`${spec.principal}\`: ${spec.identityOutsideTemplates}.` : '',
    spec.resourcePolicyOutsideTemplates ? `- \`${entry.id}\`: resource policy of \`${spec.resource}\`: ${spec.resourcePolicyOutsideTemplates.source}.` : '',
  ])).filter(Boolean))];
  return [
    '# Runtime interactions and denials',
    '',
    `<!-- Generated from test/proofs/interactions.ts and the proofs on ${appName}. Do not edit: run \`${REGENERATE_COMMAND}\`. -->`,
    '',
    'Every runtime interaction the platform relies on, and every one it must refuse, evaluated by a real IAM policy engine',
    '([`@cloud-copilot/iam-simulate`](https://github.com/cloud-copilot/iam-simulate)) over the synthesized templates:',
    'identity policies, resource policies (topic, bucket, key, secret, file system, vault) and role trust policies',
    'together, with every intrinsic resolved to consistent example ARNs (account 123456789012, us-east-1). The catalogue',
    'is data (`test/proofs/interactions.ts`); its principals and resources are found in the templates by logical id,',
    'so it cannot drift from the code. `npx jest test/proofs` runs it on the demo, on the two-tenant app (Trial and',
    'Enterprise) and on the template\'s tenant deployed from its own app onto the demo\'s environment, beside the demo\'s',
    'tenant (isolation across apps), and removes decisive statements to show that the proofs then fail.',
    '',
    'iam-simulate is licensed AGPL-3.0: it is a devDependency used by these tests only, and never part of the npm or',
    'Python packages of the library.',
    '',
    `The catalogue holds ${entries('Allow').length} interactions and ${entries('Deny').length} denials that apply to ${appName}; each repeats for`,
    'every tenant, pair of tenants or item it names, and the test prints how many requests it proved on each app (the',
    'count changes with every alarm, secret or service, so it is not written here).',
    '',
    'Placeholders: `{base:X}`, `{tenant:X}` and `{other:X}` are the resource with logical id prefix `X` in the',
    'environment\'s stack, a tenant\'s stack and another tenant\'s stack; `{item.x}` repeats the entry for everything of',
    'that kind the templates hold (every alarm, secret, log group, service...). Statements are named',
    '`<stack>/<logical id without hash> <Sid or statement number>`.',
    '',
    '## Interactions the platform relies on',
    '',
    ...entries('Allow').flatMap((entry) => section(entry, result.proofs, name)),
    '## Denials that must hold',
    '',
    ...entries('Deny').flatMap((entry) => section(entry, result.proofs, name)),
    '## Policies outside the templates',
    '',
    'These requests depend on a policy the templates do not hold; the proofs take it as stated and show that nothing in',
    'the templates (resource, key or trust policy) stops the request.',
    '',
    ...outside,
    '- WAF and ElastiCache deliver their logs through CloudWatch Logs resource policies that the services write when',
    '  logging is enabled; the proofs cover the keys of those log groups (CloudWatch Logs), not those policies.',
    '',
    '## Limits of the proofs',
    '',
    '- iam-simulate drops context keys whose variable follows a colon (`kms:EncryptionContext:aws:logs:arn`) and OIDC',
    '  providers\' keys (`token.actions.githubusercontent.com:sub`); requests that carry them are evaluated again by the',
    '  engine\'s core with their full context (`test/proofs/context-keys.ts`).',
    '- The context of each request (source ARN, encryption context, `kms:ViaService`...) is what the catalogue says the',
    '  calling service sends; the proofs show what the policies decide for that request.',
    '- Network ACLs are the VPC\'s default (allow all); security groups are stateful.',
    '',
    '## Network paths',
    '',
    'From the security groups (inline and separate rules), subnets, route tables, NAT gateways and VPC endpoints.',
    '',
    '| Path | Must be |',
    '|---|---|',
    ...[...new Map(paths.map((path) => [name(path.description), path.open])).entries()]
      .map(([description, open]) => `| ${description} | ${open ? 'open' : 'closed'} |`),
    '',
  ].join('\n');
}

function section(entry: InteractionSpec, proofs: Proof[], name: (text: string) => string): string[] {
  const mine = proofs.filter((proof) => proof.entry.id === entry.id);
  const rows = entry.requests.flatMap((spec, specIndex) => spec.actions.map((action) => {
    const decisive = new Set(mine.filter((proof) => proof.specIndex === specIndex && proof.request.action === action)
      .flatMap((proof) => proof.verdict.decisiveStatements.map(name)));
    const why = decisive.size > 0 ? [...decisive].sort().map((statement) => `\`${statement}\``).join('<br>') : 'no statement allows it (implicit deny)';
    return `| \`${spec.principal}\` | \`${action}\` | \`${spec.resource}\` | ${why} |`;
  }));
  return [
    `### ${entry.title}`,
    '',
    `\`${entry.id}\`, once per ${entry.scope === 'environment' ? 'environment' : entry.scope === 'tenant' ? 'tenant' : 'pair of tenants'}`
      + `${entry.each ? `, for each \`${entry.each}\` item` : ''}: every request ${entry.expect === 'Allow' ? 'allowed' : 'denied'}.`,
    '',
    `| Principal | Action | Resource | ${entry.expect === 'Allow' ? 'Allowed by' : 'Denied by'} |`,
    '|---|---|---|---|',
    ...[...new Set(rows)],
    '',
  ];
}

/** `text` with stack names replaced by their role and CDK's logical-id hashes removed. */
function generalize(text: string, naming: StackNaming): string {
  let result = text.replace(new RegExp(escape(naming.base), 'g'), '<environment stack>');
  for (const tenant of naming.tenants) {
    result = result.replace(new RegExp(escape(tenant), 'g'), '<tenant stack>');
  }
  return result.replace(/([A-Za-z])[0-9A-F]{8}\b/g, '$1');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
