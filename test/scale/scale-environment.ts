/**
 * What the scale tests read from the synthesized templates of an environment, and the deployment they simulate.
 *
 * `EnvironmentTally` reads each stack's template once and keeps only what the quotas need (so a thousand tenant
 * templates never sit in memory at once). `deployEnvironment` then deploys the tenants as CloudFormation would, many at
 * the same moment: for each tenant's `Custom::MateTenantPlacement` resource it runs the real placement function
 * (test/placement/placement-fakes.ts) with the resource's own properties, on fake load balancers made from the base
 * template's HTTPS listeners, and creates the tenant's listener rule and alias record from the function's answer, as
 * the template's `Fn::GetAtt`s say.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PLACEMENT_RESOURCE_TYPE } from '../../src/base/tenant-placement-source';
import { CANONICAL_HOSTED_ZONE_ID, FakePlacementCloud, seeded, type PlacementHandler, type PlacementResponse } from '../placement/placement-fakes';

/** The quotas of issue 9: tenant stacks at half of CloudFormation's own limits, and the load balancers' and VPC's. */
export const QUOTAS = {
  stackResources: 250,
  stackBytes: 500 * 1000,
  rulesPerListener: 100,
  targetGroupsPerLoadBalancer: 100,
  rulesPerSecurityGroup: 60,
  certificatesPerLoadBalancer: 25,
} as const;

export interface Resource {
  readonly Type: string;
  readonly Properties?: any;
}

export interface Template {
  readonly Resources: Record<string, Resource>;
  readonly Parameters?: Record<string, { Default?: string }>;
}

/** One stack of a cloud assembly: its name, template and the template's size in bytes. */
export interface SynthesizedStack {
  readonly name: string;
  readonly template: Template;
  readonly bytes: number;
}

/** The stacks of the cloud assembly in `assemblyDir`, read one at a time. */
export function* readStacks(assemblyDir: string): Iterable<SynthesizedStack> {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf-8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  for (const [name, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const text = fs.readFileSync(path.join(assemblyDir, artifact.properties!.templateFile!), 'utf-8');
      yield { name, template: JSON.parse(text), bytes: Buffer.byteLength(text) };
    }
  }
}

export function resourcesOf(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** What a template's `{ Ref }` points at: the SSM parameter it reads (its name), or a resource of that stack. */
export function referenceKey(stackName: string, template: Template, value: unknown): string {
  const ref = (value as { Ref?: string }).Ref;
  if (typeof ref !== 'string') {
    return `${stackName}:${JSON.stringify(value)}`;
  }
  return template.Parameters?.[ref]?.Default ?? `${stackName}:${ref}`;
}

/** A tenant's `Custom::MateTenantPlacement` resource. */
export interface PlacementResource {
  readonly logicalId: string;
  /** The SSM parameter its ServiceToken reads. */
  readonly serviceToken: string;
  /** TenantId, HostName and, when the tenant sets it, LoadBalancerIndex: what the function is sent. */
  readonly properties: Record<string, unknown>;
}

/** What a tenant stack holds that the quotas and the deployment need; values as written in the template. */
export interface TenantFacts {
  readonly stackName: string;
  /** The SSM parameter each of the template's parameters reads, by logical id. */
  readonly parameters: Record<string, string>;
  readonly resources: number;
  readonly bytes: number;
  readonly placements: PlacementResource[];
  readonly rules: Array<{ readonly listenerArn: unknown; readonly priority: unknown; readonly hosts: unknown[]; readonly forwardsTo: unknown[] }>;
  readonly targetGroups: string[];
  readonly records: Array<{ readonly name: unknown; readonly dnsName: unknown; readonly hostedZoneId: unknown }>;
}

/** The base stack, whole (it is one), and where its placement function and HTTPS listeners are. */
export interface BaseFacts {
  readonly stackName: string;
  readonly template: Template;
  readonly bytes: number;
  /** The function whose environment lists the HTTPS listeners (LISTENER_ARNS). */
  readonly placementFunction: string;
  readonly environment: string;
  readonly claimsPath: string;
  /** The listeners of LISTENER_ARNS, in order: the index the function calls a load balancer by. */
  readonly listenerIds: string[];
  /** The listeners on port 443. */
  readonly httpsListenerIds: string[];
  /** SSM parameter name to value, of the parameters the base publishes. */
  readonly published: Map<string, unknown>;
}

/** The facts of an environment's stacks, added one stack at a time. */
export class EnvironmentTally {
  public base: BaseFacts | undefined;
  public readonly tenants: TenantFacts[] = [];
  /** Stack names, in the order added. */
  public readonly stacks: string[] = [];
  /** Inbound and outbound rules of every security group, by group (`stack:logicalId`, or the SSM parameter of a shared group). */
  public readonly securityGroupRules = new Map<string, { in: number; out: number }>();
  /** Rules that tenant stacks add to the environment's shared groups (read from SSM). */
  public readonly rulesOnSharedGroups: string[] = [];
  /** `AWS::ElasticLoadBalancingV2::ListenerCertificate` resources, by stack. */
  public readonly listenerCertificates: string[] = [];

  constructor(private readonly baseStackName: string) {}

  public add(stack: SynthesizedStack): void {
    this.stacks.push(stack.name);
    this.countSecurityGroupRules(stack);
    for (const [id] of resourcesOf(stack.template, 'AWS::ElasticLoadBalancingV2::ListenerCertificate')) {
      this.listenerCertificates.push(`${stack.name}:${id}`);
    }
    if (stack.name === this.baseStackName) {
      this.base = baseFacts(stack);
    } else {
      this.tenants.push(tenantFacts(stack));
    }
  }

  private countSecurityGroupRules({ name, template }: SynthesizedStack): void {
    const count = (group: string, direction: 'in' | 'out', amount: number) => {
      const counts = this.securityGroupRules.get(group) ?? { in: 0, out: 0 };
      counts[direction] += amount;
      this.securityGroupRules.set(group, counts);
    };
    for (const [id, group] of resourcesOf(template, 'AWS::EC2::SecurityGroup')) {
      count(`${name}:${id}`, 'in', group.Properties.SecurityGroupIngress?.length ?? 0);
      count(`${name}:${id}`, 'out', group.Properties.SecurityGroupEgress?.length ?? 0);
    }
    for (const [type, direction] of [['AWS::EC2::SecurityGroupIngress', 'in'], ['AWS::EC2::SecurityGroupEgress', 'out']] as const) {
      for (const [, rule] of resourcesOf(template, type)) {
        const groupId = rule.Properties.GroupId;
        const group = groupId?.['Fn::GetAtt'] ? `${name}:${groupId['Fn::GetAtt'][0]}` : referenceKey(name, template, groupId);
        count(group, direction, 1);
        if (group.startsWith('/mate/')) {
          this.rulesOnSharedGroups.push(`${name} adds a rule to ${group}`);
        }
      }
    }
  }
}

function tenantFacts({ name, template, bytes }: SynthesizedStack): TenantFacts {
  return {
    stackName: name,
    parameters: Object.fromEntries(Object.entries(template.Parameters ?? {}).map(([id, parameter]) => [id, parameter.Default!])),
    resources: Object.keys(template.Resources).length,
    bytes,
    placements: resourcesOf(template, PLACEMENT_RESOURCE_TYPE).map(([logicalId, resource]) => {
      const { ServiceToken, ...properties } = resource.Properties;
      return { logicalId, serviceToken: referenceKey(name, template, ServiceToken), properties };
    }),
    rules: resourcesOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule').map(([, { Properties: rule }]) => ({
      listenerArn: rule.ListenerArn,
      priority: rule.Priority,
      hosts: rule.Conditions.flatMap((condition: any) => condition.HostHeaderConfig?.Values ?? []),
      forwardsTo: rule.Actions.map((action: any) => action.TargetGroupArn),
    })),
    targetGroups: resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup').map(([id]) => id),
    records: resourcesOf(template, 'AWS::Route53::RecordSet').map(([, { Properties: record }]) => ({
      name: record.Name,
      dnsName: record.AliasTarget?.DNSName,
      hostedZoneId: record.AliasTarget?.HostedZoneId,
    })),
  };
}

function baseFacts({ name, template, bytes }: SynthesizedStack): BaseFacts {
  const functions = resourcesOf(template, 'AWS::Lambda::Function')
    .filter(([, resource]) => resource.Properties.Environment?.Variables?.LISTENER_ARNS !== undefined);
  if (functions.length !== 1) {
    throw new Error(`${name} has ${functions.length} functions with LISTENER_ARNS, not one placement function`);
  }
  const [[placementFunction, { Properties: { Environment: { Variables: variables } } }]] = functions;
  const [separator, parts] = variables.LISTENER_ARNS['Fn::Join'] as [string, unknown[]];
  const listenerIds = parts.filter((part) => part !== ',').map((part) => (part as { Ref: string }).Ref);
  if (separator !== '' || listenerIds.some((id) => typeof id !== 'string')) {
    throw new Error(`${name}: LISTENER_ARNS is not a list of listeners: ${JSON.stringify(variables.LISTENER_ARNS)}`);
  }
  return {
    stackName: name,
    template,
    bytes,
    placementFunction,
    environment: variables.ENVIRONMENT,
    claimsPath: variables.CLAIMS_PATH,
    listenerIds,
    httpsListenerIds: resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')
      .filter(([, listener]) => listener.Properties.Port === 443).map(([id]) => id),
    published: new Map(resourcesOf(template, 'AWS::SSM::Parameter').map(([, parameter]) => [parameter.Properties.Name, parameter.Properties.Value])),
  };
}

/** Where a tenant was placed, read from what its stack's resources became. */
export interface DeployedTenant {
  readonly tenantId: string;
  readonly loadBalancerIndex: number;
  readonly priority: number;
  /** The placement function's answer (its Data), which the stack's `Fn::GetAtt`s read. */
  readonly data: Record<string, any>;
}

export interface Deployment {
  /** Tenants whose stack deployed, by stack name. */
  readonly deployed: Map<string, DeployedTenant>;
  /** What went wrong, one line per tenant: a FAILED placement, a rule on a priority in use, a record elsewhere. */
  readonly failures: string[];
  /** The environment after the deployment: its parameters and load balancers. */
  readonly cloud: FakePlacementCloud;
  /** Slot claims that lost to another tenant's claim of the same slot: the race happened. */
  readonly rejectedClaims: number;
  /** A handler for further requests on the same environment. */
  readonly handler: PlacementHandler;
}

export interface DeploymentOptions {
  /** Placements in flight at once (CloudFormation deploying that many tenant stacks at the same moment). */
  readonly inFlight: number;
  /** Seeds the random yields between fake AWS calls, so that a failing interleaving can be replayed. */
  readonly seed?: number;
}

/** The answer of a tenant's placement resource, for the `Fn::GetAtt`s that read it. */
export interface PlacementOutput {
  readonly placementId: string;
  readonly data: Record<string, unknown>;
}

/**
 * Evaluates a value of `tenant`'s template as CloudFormation would when deploying it on `base`: a `Ref` to a template
 * parameter reads the SSM parameter the base publishes under its name, `Fn::GetAtt` reads the answer of the tenant's
 * own placement resource (only that one), and `Fn::Join` joins. Anything else throws.
 */
export function evaluate(value: unknown, tenant: TenantFacts, base: BaseFacts, placement?: PlacementOutput): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    return value;
  }
  const ref = (value as { Ref?: string })?.Ref;
  if (ref !== undefined) {
    const published = base.published.get(tenant.parameters[ref]);
    if (typeof published !== 'string') {
      throw new Error(`${JSON.stringify(value)} reads ${tenant.parameters[ref]}, which the base does not publish as a string`);
    }
    return published;
  }
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt'];
  if (getAtt) {
    if (!placement || getAtt[0] !== placement.placementId || !(getAtt[1] in placement.data)) {
      throw new Error(`${JSON.stringify(value)} is no attribute of the tenant's own placement ${placement?.placementId}`);
    }
    return placement.data[getAtt[1]];
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join'];
  if (join) {
    return join[1].map((part) => evaluate(part, tenant, base, placement)).join(join[0]);
  }
  throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
}

/** The properties the placement function is sent for `placement`, evaluated as CloudFormation does before sending them. */
export function placementProperties(placement: PlacementResource, tenant: TenantFacts, base: BaseFacts): Record<string, unknown> {
  return Object.fromEntries(Object.entries(placement.properties).map(([key, value]) => [key, evaluate(value, tenant, base)]));
}

/** The fake environment of `base`: one load balancer per listener of its placement function's LISTENER_ARNS, in order. */
export function fakeEnvironmentOf(base: BaseFacts): FakePlacementCloud {
  const cloud = new FakePlacementCloud({ environment: base.environment, claimsPath: base.claimsPath, sdkCalls: 'direct' });
  cloud.reset(base.listenerIds.length);
  return cloud;
}

/**
 * Deploys `tenants` on a fresh fake of `base`'s environment, `inFlight` stacks at a time: each placement resource is
 * sent to the real placement function; when it answers SUCCESS, the tenant's listener rules and alias records are
 * created from the answer as their `Fn::GetAtt`s say.
 */
export async function deployEnvironment(base: BaseFacts, tenants: readonly TenantFacts[], options: DeploymentOptions): Promise<Deployment> {
  const cloud = fakeEnvironmentOf(base);
  cloud.jitter = seeded(options.seed ?? 1);
  // One handler per invocation in flight, as Lambda runs one instance per concurrent request.
  const handlers = Array.from({ length: options.inFlight }, () => cloud.loadHandler());
  const deployed = new Map<string, DeployedTenant>();
  const failures: string[] = [];

  for (let start = 0; start < tenants.length; start += options.inFlight) {
    const batch = tenants.slice(start, start + options.inFlight);
    await Promise.all(batch.map(async (tenant, index) => {
      try {
        const placement = onePlacement(tenant);
        const response = await cloud.invoke(placementProperties(placement, tenant, base), { requestType: 'Create' }, handlers[index]);
        if (response.Status !== 'SUCCESS') {
          failures.push(`${tenant.stackName}: ${response.Reason}`);
          return;
        }
        deployed.set(tenant.stackName, createRoutes(cloud, base, tenant, placement, response));
      } catch (error) {
        failures.push(`${tenant.stackName}: ${(error as Error).message}`);
      }
    }));
  }
  return { deployed, failures, cloud, rejectedClaims: cloud.rejectedClaims, handler: handlers[0] };
}

export function onePlacement(tenant: TenantFacts): PlacementResource {
  if (tenant.placements.length !== 1) {
    throw new Error(`${tenant.stackName} has ${tenant.placements.length} placement resources, not one`);
  }
  return tenant.placements[0];
}

/** The tenant's rules and records, created from its placement's answer; throws what CloudFormation would fail on. */
function createRoutes(
  cloud: FakePlacementCloud, base: BaseFacts, tenant: TenantFacts, placement: PlacementResource, response: PlacementResponse,
): DeployedTenant {
  const data = response.Data!;
  const output = (value: unknown) => evaluate(value, tenant, base, { placementId: placement.logicalId, data });
  const placedOn = cloud.loadBalancers[data.LoadBalancerIndex];
  for (const rule of tenant.rules) {
    const listenerArn = output(rule.listenerArn);
    const index = cloud.loadBalancers.findIndex((lb) => lb.listenerArn === listenerArn);
    if (index < 0) throw new Error(`its rule is on ${String(listenerArn)}, no listener of the environment`);
    if (listenerArn !== placedOn.listenerArn) throw new Error(`its rule is on load balancer ${index}, its placement on ${data.LoadBalancerIndex}`);
    cloud.createRule(index, Number(output(rule.priority)), String(output(rule.hosts[0])));
  }
  for (const record of tenant.records) {
    const target = { dnsName: output(record.dnsName), hostedZoneId: output(record.hostedZoneId) };
    const expected = { dnsName: `dualstack.${placedOn.dnsName}`, hostedZoneId: CANONICAL_HOSTED_ZONE_ID };
    if (JSON.stringify(target) !== JSON.stringify(expected)) {
      throw new Error(`its record ${String(output(record.name))} points at ${JSON.stringify(target)}, not its load balancer ${JSON.stringify(expected)}`);
    }
  }
  return { tenantId: String(output(placement.properties.TenantId)), loadBalancerIndex: data.LoadBalancerIndex, priority: data.Priority, data };
}

