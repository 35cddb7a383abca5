// @cloud-copilot/iam-simulate is AGPL-3.0: a devDependency used only by these tests, never bundled in the npm or
// Python packages of the library.
import { runSimulation, type RequestAnalysis, type Simulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { authorizeWithFullContext, droppedByTheEngine } from './context-keys';
import { EXAMPLE } from './example-environment';
import type { NamedPolicy, PolicyIndex } from './policy-index';

/** One request to AWS, every value concrete. */
export interface ConcreteRequest {
  /** A role ARN, an account root ARN, a federated provider ARN or a service principal (`logs.us-east-1.amazonaws.com`). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: { readonly [key: string]: string | string[] };
  /**
   * Why the principal's identity policy is taken to allow the request although no template holds it (an AWS managed
   * policy, a role of a serverless application, another account's principal). The proof then shows that no resource,
   * key or trust policy of the templates stops the request.
   */
  readonly identityOutsideTemplates?: string;
  /** The resource whose policy governs the request, when it is not `resource` itself. */
  readonly resourcePolicyOf?: string;
  /** A resource policy that exists outside the templates, added to theirs. */
  readonly resourcePolicyOutsideTemplates?: NamedPolicy;
}

/** What the IAM engine decided, and which statements decided it. */
export interface Verdict {
  readonly allowed: boolean;
  /** iam-simulate's result: Allowed, ImplicitlyDenied, ExplicitlyDenied, or an error. */
  readonly result: string;
  /** `<policy> <Sid or statement number>` of each statement that allowed (when allowed) or denied (explicitly). */
  readonly decisiveStatements: string[];
  readonly errors?: string;
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com$/;

/** Evaluates `request` with the templates' policies, as AWS would for a request in the example account. */
export async function evaluateRequest(index: PolicyIndex, request: ConcreteRequest): Promise<Verdict> {
  const identityPolicies: SimulationIdentityPolicy[] = [];
  const context: { [key: string]: string | string[] } = { 'aws:SecureTransport': 'true', ...request.context };
  if (SERVICE_PRINCIPAL.test(request.principal)) {
    context['aws:PrincipalIsAWSService'] = 'true';
    context['aws:PrincipalServiceName'] = request.principal;
  } else {
    const role = index.roleByArn(request.principal);
    if (!role && !request.identityOutsideTemplates && request.principal.startsWith(`arn:${EXAMPLE.partition}:iam::${EXAMPLE.account}:role/`)) {
      // A role of the account the templates do not create: a denial would be proven by its absence alone.
      return { allowed: false, result: 'error', decisiveStatements: [], errors: `no role ${request.principal} in the templates` };
    }
    if (role && request.identityOutsideTemplates && role.awsManagedPolicyArns.length === 0) {
      // A role of the templates has all its policies in them, unless AWS manages one of them.
      return { allowed: false, result: 'error', decisiveStatements: [], errors: `${request.principal} has no policy outside the templates` };
    }
    if (role) {
      identityPolicies.push(...role.identityPolicies.map(({ name, policy }) => ({ name, policy })));
      context['aws:PrincipalArn'] = role.arn;
    }
    const account = accountOf(request.principal);
    if (account && !context['aws:PrincipalAccount']) {
      context['aws:PrincipalAccount'] = account;
    }
    context['aws:PrincipalIsAWSService'] = 'false';
  }
  if (request.identityOutsideTemplates) {
    identityPolicies.push({
      name: `outside the templates: ${request.identityOutsideTemplates}`,
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: request.action, Resource: request.resource }] },
    });
  }
  const resourcePolicy = mergePolicies([
    index.resourcePolicyFor(request.resourcePolicyOf ?? request.resource),
    request.resourcePolicyOutsideTemplates,
  ]);
  const input: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: accountOf(request.resource) ?? EXAMPLE.account },
      contextVariables: context,
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy?.policy,
  };
  const simulation = await runSimulation(input, {});
  if (simulation.resultType === 'error') {
    return { allowed: false, result: 'error', decisiveStatements: [], errors: JSON.stringify(simulation.errors) };
  }
  let analyses: RequestAnalysis[] = simulation.resultType === 'single'
    ? [simulation.result.analysis]
    : simulation.results.map((result) => result.analysis);
  const ignoredKeys = simulation.resultType === 'single' ? simulation.result.ignoredContextKeys ?? [] : simulation.results.flatMap((result) => result.ignoredContextKeys ?? []);
  if (ignoredKeys.some(droppedByTheEngine)) {
    analyses = [authorizeWithFullContext(input, ignoredKeys)];
  }
  const allowed = analyses.length > 0 && analyses.every((analysis) => analysis.result === 'Allowed');
  return {
    allowed,
    result: analyses.map((analysis) => analysis.result).join(', ') || simulation.overallResult,
    decisiveStatements: [...new Set(analyses.flatMap((analysis) => decisive(analysis, allowed, identityPolicies, resourcePolicy)))],
  };
}

function mergePolicies(policies: Array<NamedPolicy | undefined>): NamedPolicy | undefined {
  const present = policies.filter((policy): policy is NamedPolicy => policy !== undefined);
  if (present.length <= 1) {
    return present[0];
  }
  return {
    name: present.map((policy) => policy.name).join(' + '),
    policy: { Version: '2012-10-17', Statement: present.flatMap((policy) => [policy.policy.Statement].flat()) },
  };
}

/** The statements that allowed the request (when allowed) or denied it explicitly, by policy and statement. */
function decisive(analysis: RequestAnalysis, allowed: boolean, identityPolicies: SimulationIdentityPolicy[],
  resourcePolicy: NamedPolicy | undefined): string[] {
  type Analysed = Array<{ policyId: string; explain: { identifier: string } }>;
  const identity = analysis.identityAnalysis as { allowStatements: Analysed; denyStatements: Analysed } | undefined;
  const resource = analysis.resourceAnalysis as { allowStatements: Analysed; denyStatements: Analysed } | undefined;
  const kind = allowed ? 'allowStatements' : 'denyStatements';
  const identityDocument = (policyId: string) => identityPolicies.find(({ name }) => name === policyId)?.policy;
  return [
    ...(identity?.[kind] ?? []).map((statement) => `${statement.policyId} ${label(statement.explain.identifier, identityDocument(statement.policyId))}`),
    ...(resource?.[kind] ?? []).map((statement) => `${resourcePolicy?.name} ${label(statement.explain.identifier, resourcePolicy?.policy)}`),
  ];
}

/** A statement by its Sid or, without one, by its number and actions (`#1 (kms:*)`). */
function label(identifier: string, document: { Statement: any[] } | undefined): string {
  if (!/^\d+$/.test(identifier)) {
    return identifier;
  }
  const statement = [document?.Statement ?? []].flat()[Number(identifier) - 1];
  return statement ? `#${identifier} (${[statement.Action ?? statement.NotAction].flat().join(', ')})` : `#${identifier}`;
}

function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return arn.startsWith('arn:') && /^\d{12}$/.test(account ?? '') ? account : undefined;
}
