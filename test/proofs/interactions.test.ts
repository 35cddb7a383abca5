import { UNRESOLVED } from './cloud-model';
import { INTERACTIONS } from './interactions';
import type { PolicyIndex } from './policy-index';
import { PROOF_APPS, SYNTHESIS_TIMEOUT_MS, indexOf, synthesizeTemplates } from './proof-apps';
import { proveCatalogue, stackRoles, type CatalogueProofs, type Proof } from './prove-interactions';

/** `<entry> [<tenant>]: <principal> <action> <resource> -> <result> (<decisive statements>)`, for a failure message. */
function describeProof({ entry, binding, request, verdict }: Proof): string {
  const where = binding.tenant ? ` [${binding.tenant}${binding.other ? ` -> ${binding.other}` : ''}]` : '';
  const why = verdict.errors ?? verdict.decisiveStatements.join(', ');
  return `${entry.id}${where}: ${request.principal} ${request.action} ${request.resource} -> ${verdict.result}, expected ${entry.expect}${why ? ` (${why})` : ''}`;
}

describe.each(PROOF_APPS)('runtime interactions of $name', (app) => {
  let index: PolicyIndex;
  let result: CatalogueProofs;

  beforeAll(async () => {
    index = indexOf(synthesizeTemplates(app));
    result = await proveCatalogue(index);
    const allowed = result.proofs.filter((proof) => proof.proven && proof.entry.expect === 'Allow').length;
    const denied = result.proofs.filter((proof) => proof.proven && proof.entry.expect === 'Deny').length;
    console.log(`${app.name}: ${allowed} interactions proven allowed and ${denied} proven denied, `
      + `from ${new Set(result.proofs.map((proof) => proof.entry.id)).size} catalogue entries (IAM engine: @cloud-copilot/iam-simulate)`);
  }, SYNTHESIS_TIMEOUT_MS);

  test('every interaction of the catalogue is allowed and every denial denied by the synthesized policies', () => {
    expect(result.proofs.filter((proof) => !proof.proven).map(describeProof)).toEqual([]);
    expect(result.proofs.length).toBeGreaterThan(100);
  });

  test('every repeated entry finds what it repeats over in the templates', () => {
    expect(result.emptyEntries).toEqual([]);
  });

  test('every tenant is proven, and every entry is evaluated', () => {
    const { tenants } = stackRoles(index);
    expect(tenants.length).toBeGreaterThan(0);
    for (const tenant of tenants) {
      expect(result.proofs.some((proof) => proof.binding.tenant === tenant && proof.entry.expect === 'Allow')).toBe(true);
    }
    const applicable = INTERACTIONS.filter((entry) => !entry.optional && (entry.scope !== 'tenantPair' || tenants.length > 1));
    const unevaluated = applicable.filter((entry) => !result.proofs.some((proof) => proof.entry.id === entry.id)).map((entry) => entry.id);
    expect(unevaluated).toEqual([]);
  });

  test('every policy resolves to concrete values', () => {
    const documents = [
      ...index.roles.flatMap((role) => [role.trustPolicy, ...role.identityPolicies]),
      ...index.model.resources().map((resource) => ({ name: `${resource.stackName}/${resource.logicalId}`, policy: resource.props })),
    ];
    const unresolved = documents.filter(({ policy }) => JSON.stringify(policy).includes(UNRESOLVED)).map(({ name }) => name);
    expect(unresolved).toEqual([]);
  });
});
