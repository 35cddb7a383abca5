import * as path from 'path';
import type { RequestAnalysis, Simulation } from '@cloud-copilot/iam-simulate';

/**
 * Context keys AWS sets that iam-simulate's `runSimulation` drops: it keeps a variable key only when its variable
 * follows a slash (`aws:PrincipalTag/team`), so it drops `kms:EncryptionContext:aws:logs:arn` and every other
 * encryption-context key, which KMS separates with a colon; and it knows no OIDC provider's keys
 * (`token.actions.githubusercontent.com:sub`). The key policies of CloudWatch Logs and the deploy role's trust decide
 * on exactly these keys, so a request that carries one is evaluated again by the engine's core with its full context,
 * after `runSimulation` validated the action, the resource and every policy.
 */
export const KEYS_THE_ENGINE_DROPS = [/^kms:EncryptionContext:/i, /^[a-z0-9-]+(\.[a-z0-9-]+)+:(aud|sub|amr|azp)$/i];

/** Whether AWS sets `key` although `runSimulation` drops it. */
export function droppedByTheEngine(key: string): boolean {
  return KEYS_THE_ENGINE_DROPS.some((pattern) => pattern.test(key));
}

// The core is not among the package's exports; it is loaded from the same installation, by path.
const distribution = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
/* eslint-disable @typescript-eslint/no-require-imports */
const { authorize } = require(path.join(distribution, 'core_engine', 'CoreSimulatorEngine.js'));
const { AwsRequestImpl } = require(path.join(distribution, 'request', 'request.js'));
const { RequestContextImpl } = require(path.join(distribution, 'requestContext.js'));
const { DiscoveryContextKeyConstraints } = require(path.join(distribution, 'context_keys', 'discoveryContextKeyConstraints.js'));
// The policy parser the engine itself uses, whatever version it is.
const { loadPolicy } = require(require.resolve('@cloud-copilot/iam-policy', { paths: [distribution] }));
/* eslint-enable @typescript-eslint/no-require-imports */

/** `simulation` evaluated with the keys `runSimulation` kept and those it dropped although AWS sets them. */
export function authorizeWithFullContext(simulation: Simulation, ignoredKeys: string[]): RequestAnalysis {
  const context = Object.fromEntries(Object.entries(simulation.request.contextVariables)
    .filter(([key]) => droppedByTheEngine(key) || !ignoredKeys.includes(key)));
  return authorize({
    request: new AwsRequestImpl(simulation.request.principal, simulation.request.resource, simulation.request.action,
      new RequestContextImpl(context)),
    sessionPolicy: undefined,
    identityPolicies: simulation.identityPolicies.map(({ name, policy }: { name: string; policy: unknown }) => loadPolicy(policy, { name })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: simulation.resourcePolicy ? loadPolicy(simulation.resourcePolicy, { name: 'resource policy' }) : undefined,
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  });
}
