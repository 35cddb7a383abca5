import { evaluateRequest, type ConcreteRequest, type Verdict } from './evaluate-request';
import { EXAMPLE } from './example-environment';
import { SOURCES, type SourceItem, type StackBinding } from './interaction-sources';
import { INTERACTIONS, type InteractionSpec, type RequestSpec } from './interactions';
import { hasPrefix, type PolicyIndex } from './policy-index';

/** An account that is not the example account, for requests a confused deputy would make. */
const FOREIGN_ACCOUNT = '999988887777';

/** One request of one entry, made concrete for one binding and item, and what the IAM engine decided. */
export interface Proof {
  readonly entry: InteractionSpec;
  readonly binding: StackBinding;
  /** The index of the request's spec in `entry.requests`. */
  readonly specIndex: number;
  readonly request: ConcreteRequest;
  readonly verdict: Verdict;
  /** Whether the verdict is the entry's expectation (an engine error never is). */
  readonly proven: boolean;
}

/** What proving a catalogue produced. */
export interface CatalogueProofs {
  readonly proofs: Proof[];
  /** Entries whose `each` source found nothing although they are not optional: they would prove nothing. */
  readonly emptyEntries: string[];
}

/** The environment's stack (the one with the ECS cluster) and the tenants' stacks (those with ECS services). */
export function stackRoles(index: PolicyIndex): { base: string; tenants: string[] } {
  const stacksWith = (type: string) => index.model.stackNames.filter((stackName) => index.model.resources({ stackName, type }).length > 0);
  const bases = stacksWith('AWS::ECS::Cluster');
  if (bases.length !== 1) {
    throw new Error(`expected one environment stack, found ${bases.join(', ') || 'none'}`);
  }
  return { base: bases[0], tenants: stacksWith('AWS::ECS::Service') };
}

/** Evaluates every request of every entry of `catalogue` in every stack binding it applies to. */
export async function proveCatalogue(index: PolicyIndex, catalogue: InteractionSpec[] = INTERACTIONS): Promise<CatalogueProofs> {
  const { base, tenants } = stackRoles(index);
  const bindings: { [scope: string]: StackBinding[] } = {
    environment: [{ base }],
    tenant: tenants.map((tenant) => ({ base, tenant })),
    tenantPair: tenants.flatMap((tenant) => tenants.filter((other) => other !== tenant).map((other) => ({ base, tenant, other }))),
  };
  const proofs: Proof[] = [];
  const emptyEntries: string[] = [];
  for (const entry of catalogue) {
    for (const binding of bindings[entry.scope]) {
      const items: Array<SourceItem | undefined> = entry.each ? source(entry.each)(index.model, binding) : [undefined];
      if (items.length === 0 && !entry.optional) {
        emptyEntries.push(`${entry.id} (${binding.tenant ?? binding.base})`);
      }
      for (const item of items) {
        for (const [specIndex, spec] of entry.requests.entries()) {
          for (const request of concreteRequests(index, spec, binding, item)) {
            const verdict = await evaluateRequest(index, request);
            const proven = verdict.result !== 'error' && verdict.allowed === (entry.expect === 'Allow');
            proofs.push({ entry, binding, specIndex, request, verdict, proven });
          }
        }
      }
    }
  }
  return { proofs, emptyEntries };
}

function source(name: string) {
  const found = SOURCES[name];
  if (!found) {
    throw new Error(`the catalogue names an unknown source '${name}'`);
  }
  return found;
}

function concreteRequests(index: PolicyIndex, spec: RequestSpec, binding: StackBinding, item: SourceItem | undefined): ConcreteRequest[] {
  const fill = (text: string) => fillPlaceholders(index, text, binding, item);
  const context = Object.fromEntries(Object.entries(spec.context ?? {}).map(([key, value]) => [key, fill(value)]));
  const outside = spec.resourcePolicyOutsideTemplates;
  return spec.actions.map((action) => ({
    principal: fill(spec.principal),
    action: fill(action),
    resource: fill(spec.resource),
    context,
    identityOutsideTemplates: spec.identityOutsideTemplates,
    resourcePolicyOf: spec.resourcePolicyOf ? fill(spec.resourcePolicyOf) : undefined,
    resourcePolicyOutsideTemplates: outside ? {
      name: `outside the templates: ${outside.source}`,
      policy: { Version: '2012-10-17', Statement: [JSON.parse(fill(JSON.stringify(outside.statement)))] },
    } : undefined,
  }));
}

/** `text` with every placeholder of the catalogue replaced by its value in the templates. */
export function fillPlaceholders(index: PolicyIndex, text: string, binding: StackBinding, item: SourceItem | undefined): string {
  return text.replace(/\{([^{}]+)\}/g, (_match, placeholder: string) => {
    const fixed: { [name: string]: string } = {
      account: EXAMPLE.account, region: EXAMPLE.region, partition: EXAMPLE.partition, foreignAccount: FOREIGN_ACCOUNT,
    };
    if (placeholder in fixed) {
      return fixed[placeholder];
    }
    if (placeholder.startsWith('item.')) {
      const value = item?.[placeholder.slice('item.'.length)];
      if (value === undefined) {
        throw new Error(`placeholder {${placeholder}} has no value`);
      }
      return value;
    }
    const match = /^(base|tenant|other):([A-Za-z0-9]+)(?:\[([A-Za-z0-9:]+)\])?(?:\.(.+))?$/.exec(placeholder);
    const stackName = match ? binding[match[1] as keyof StackBinding] : undefined;
    if (!match || !stackName) {
      throw new Error(`placeholder {${placeholder}} cannot be resolved in ${JSON.stringify(binding)}`);
    }
    const [, , prefix, type, attribute] = match;
    const resources = index.model.resources({ stackName, type: type ? `AWS::${type}` : undefined })
      .filter((resource) => hasPrefix(resource.logicalId, prefix));
    if (resources.length !== 1) {
      throw new Error(`placeholder {${placeholder}}: expected one resource ${prefix} in ${stackName}, found ${resources.length}`);
    }
    const value = attribute ? resources[0].physical.attributes[attribute] : resources[0].physical.ref;
    if (typeof value !== 'string') {
      throw new Error(`placeholder {${placeholder}} resolves to no string`);
    }
    return value;
  });
}
