/**
 * The environment's placement function run as Lambda would run it, against in-memory fakes of the two AWS APIs it
 * calls: the inline source (`TENANT_PLACEMENT_SOURCE`) is evaluated with the real SDK clients, whose `send` is
 * intercepted by aws-sdk-client-mock and answered from a fake parameter store (SSM) and fake load balancers (ELBv2).
 *
 * Used by the handler's tests (test/base/tenant-placement-handler.test.ts) and by the scale tests (test/scale), which
 * place every tenant of a synthesized environment through it. The fakes behave as the services do where the function
 * relies on it: PutParameter with Overwrite false fails with ParameterAlreadyExists when the name exists (the atomic
 * create a slot claim is), listings come in pages, and, like CreateRule, a rule cannot take a priority its listener
 * already has.
 */
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as ssm from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { PLACEMENT_FUNCTION_TIMEOUT, PLACEMENT_RESOURCE_TYPE, TENANT_PLACEMENT_SOURCE } from '../../src/base/tenant-placement-source';

export const ACCOUNT = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

/** The canonical hosted zone id of the fake load balancers (us-east-1's for Application Load Balancers). */
export const CANONICAL_HOSTED_ZONE_ID = 'Z35SXDOTRQ7X7K';

/** Both clients' `send`, stubbed for the whole test file (a module registry of its own per file). */
export const ssmMock = mockClient(ssm.SSMClient);
export const elbMock = mockClient(elbv2.ElasticLoadBalancingV2Client);

export interface FakeRule {
  readonly priority: number;
  readonly host: string;
}

export interface FakeLoadBalancer {
  readonly listenerArn: string;
  readonly loadBalancerArn: string;
  readonly dnsName: string;
  readonly rules: FakeRule[];
}

/** What the function answers CloudFormation. */
export interface PlacementResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, any>;
  readonly RequestId: string;
}

export interface PlacementRequest {
  readonly requestType?: 'Create' | 'Update' | 'Delete';
  /** Given for Update and Delete: the tenant record's name when left out. */
  readonly physicalResourceId?: string;
  /** What the Lambda context's getRemainingTimeInMillis answers when the handler starts: the function's whole timeout. */
  readonly remainingMs?: number;
}

export type PlacementHandler = (event: unknown, context: { getRemainingTimeInMillis(): number }) => Promise<void>;

export interface FakePlacementCloudOptions {
  /** The environment's name, the function's ENVIRONMENT. */
  readonly environment: string;
  /** The function's CLAIMS_PATH: the only path it may write. */
  readonly claimsPath: string;
  /** Parameters per GetParametersByPath page: 10, the most the API returns. */
  readonly parametersPage?: number;
  /** Rules per DescribeRules page. */
  readonly rulesPage?: number;
  /**
   * How the handler's SDK calls reach the fakes: through aws-sdk-client-mock (the default: the mocks record every
   * call, for tests that assert them), or through clients whose `send` calls the same fakes directly, for the scale
   * tests' thousands of placements (sinon matching each call's command costs 20 times the fake itself).
   */
  readonly sdkCalls?: 'mocked' | 'direct';
}

/** A fake of one API call: the command's input to its output, or a rejection with the service's error. */
type FakeCall = (input: any) => Promise<unknown>;
type CommandClass = new (input: any) => { readonly input: unknown };

/**
 * The fake parameter store: name to value, with each path's direct children kept sorted, so that a listing costs the
 * page it returns rather than a scan of every parameter (the scale tests keep thousands).
 */
export class ParameterStore extends Map<string, string> {
  private readonly children = new Map<string, string[]>();

  public set(name: string, value: string): this {
    if (!this.has(name)) {
      const names = this.childrenOf(parentOf(name), true)!;
      names.splice(sortedIndex(names, name), 0, name);
    }
    return super.set(name, value);
  }

  public delete(name: string): boolean {
    const names = this.childrenOf(parentOf(name), false);
    if (names && super.has(name)) {
      names.splice(sortedIndex(names, name), 1);
    }
    return super.delete(name);
  }

  public clear(): void {
    this.children.clear();
    super.clear();
  }

  /** The names directly below `path`, sorted. */
  public namesBelow(path: string): readonly string[] {
    return this.childrenOf(path.replace(/\/$/, ''), false) ?? [];
  }

  private childrenOf(path: string, create: boolean): string[] | undefined {
    let names = this.children.get(path);
    if (!names && create) {
      names = [];
      this.children.set(path, names);
    }
    return names;
  }
}

function parentOf(name: string): string {
  return name.slice(0, name.lastIndexOf('/'));
}

function sortedIndex(names: readonly string[], name: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (names[middle] < name) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** A small deterministic pseudo-random generator (Park-Miller), so a failing interleaving can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** Load balancer `index` of a fake environment `environment`. */
export function fakeLoadBalancer(index: number, environment = 'dev'): FakeLoadBalancer {
  const id = `${index}0dc6c495c0c9188`;
  return {
    listenerArn: `${ACCOUNT}:listener/app/mate-${environment}-${index}/${id}/f2f7dc8efc522ab${index}`,
    loadBalancerArn: `${ACCOUNT}:loadbalancer/app/mate-${environment}-${index}/${id}`,
    dnsName: `mate-${environment}-${index}-123456789.us-east-1.elb.amazonaws.com`,
    rules: [],
  };
}

/** A rule as DescribeRules returns it: a host-header condition and a forward to the tenant's target group. */
function describedRule(lb: FakeLoadBalancer, rule: FakeRule, index: number): elbv2.Rule {
  return {
    RuleArn: `${lb.listenerArn.replace(':listener/', ':listener-rule/')}/${index}`,
    Priority: String(rule.priority),
    IsDefault: false,
    Conditions: [
      { Field: 'host-header', Values: [rule.host], HostHeaderConfig: { Values: [rule.host] } },
    ],
    Actions: [{ Type: 'forward', TargetGroupArn: `${ACCOUNT}:targetgroup/${rule.host.split('.')[0]}/0` }],
  };
}

/** A client class whose `send` answers each command with the fake of its class (for `sdkCalls: 'direct'`). */
function directClient(fakes: Array<[CommandClass, FakeCall]>) {
  const byCommand = new Map<unknown, FakeCall>(fakes);
  return class DirectClient {
    public async send(command: { readonly input: unknown }): Promise<unknown> {
      const fake = byCommand.get(command.constructor);
      if (!fake) throw new Error(`no fake for ${command.constructor.name}`);
      return fake(command.input);
    }
  };
}

function parameterNotFound(name: string) {
  return new ssm.ParameterNotFound({ message: `Parameter ${name} not found`, $metadata: {} });
}

/**
 * One environment's SSM parameters and load balancers, and its placement function run against them. One instance
 * is active at a time: `reset` (in `beforeEach`) installs its fakes on the shared mocks.
 */
export class FakePlacementCloud {
  /** The fake parameter store: name to value. */
  public readonly store = new ParameterStore();
  public loadBalancers: FakeLoadBalancer[] = [];
  /** When set, every fake AWS call first yields to other invocations a random number of times (0 to 3). */
  public jitter: (() => number) | undefined;
  /** When set, every fake AWS call takes this many milliseconds (a throttled API, retried by the SDK). */
  public latencyMs: number | undefined;
  /** How many slot claims lost to another tenant's claim of the same slot. */
  public rejectedClaims = 0;
  /** How many calls the function made, by command (`GetParametersByPathCommand`, ...). */
  public readonly calls = new Map<string, number>();
  /** How many requests the handler was sent: the last one's RequestId is `r-<requests>`. */
  public requests = 0;
  /** The handler's answers, by ResponseURL. */
  private readonly responses = new Map<string, string>();
  private readonly parametersPage: number;
  private readonly rulesPage: number;

  constructor(public readonly options: FakePlacementCloudOptions) {
    this.parametersPage = options.parametersPage ?? 10;
    this.rulesPage = options.rulesPage ?? 100;
  }

  public get claimsPath(): string {
    return this.options.claimsPath;
  }

  /** Forgets every parameter, rule, call and answer, and sets up `loadBalancerCount` load balancers holding no tenant. */
  public reset(loadBalancerCount: number): void {
    this.store.clear();
    this.jitter = undefined;
    this.latencyMs = undefined;
    this.rejectedClaims = 0;
    this.calls.clear();
    this.responses.clear();
    ssmMock.reset();
    elbMock.reset();
    if ((this.options.sdkCalls ?? 'mocked') === 'mocked') {
      for (const [command, fake] of this.counted(this.fakeStore())) ssmMock.on(command as any).callsFake(fake);
      for (const [command, fake] of this.counted(this.fakeLoadBalancers())) elbMock.on(command as any).callsFake(fake);
    }
    this.environment(loadBalancerCount);
  }

  /** Replaces the load balancers with `count` that hold no tenant (parameters are kept). */
  public environment(count: number): void {
    this.loadBalancers = Array.from({ length: count }, (_, index) => fakeLoadBalancer(index, this.options.environment));
  }

  /** Evaluates the inline source the way Lambda loads it, with the real SDK modules (intercepted by the mocks). */
  public loadHandler(): PlacementHandler {
    const exported: { handler?: PlacementHandler } = {};
    const direct = this.options.sdkCalls === 'direct';
    const modules: Record<string, unknown> = {
      '@aws-sdk/client-ssm': direct ? { ...ssm, SSMClient: directClient(this.counted(this.fakeStore())) } : ssm,
      '@aws-sdk/client-elastic-load-balancing-v2': direct
        ? { ...elbv2, ElasticLoadBalancingV2Client: directClient(this.counted(this.fakeLoadBalancers())) }
        : elbv2,
      'https': this.fakeHttps(),
    };
    const env = {
      ENVIRONMENT: this.options.environment,
      LISTENER_ARNS: this.loadBalancers.map((lb) => lb.listenerArn).join(','),
      CLAIMS_PATH: this.claimsPath,
    };
    const requireModule = (name: string) => {
      if (!(name in modules)) throw new Error(`unexpected require of ${name}`);
      return modules[name];
    };
    new Function('require', 'exports', 'process', 'console', TENANT_PLACEMENT_SOURCE)(requireModule, exported, { env }, { log() {} });
    return exported.handler!;
  }

  /**
   * Runs the handler once for a `Custom::MateTenantPlacement` resource with `properties` (TenantId, HostName,
   * LoadBalancerIndex), as CloudFormation would, and returns its answer.
   */
  public async invoke(properties: Record<string, unknown>, request: PlacementRequest = {}, handler = this.loadHandler()): Promise<PlacementResponse> {
    this.requests += 1;
    const url = `https://cloudformation-custom-resource-response.example/${this.requests}`;
    const requestType = request.requestType ?? 'Create';
    const started = Date.now();
    const remainingMs = request.remainingMs ?? PLACEMENT_FUNCTION_TIMEOUT.toMilliseconds();
    const context = { getRemainingTimeInMillis: () => remainingMs - (Date.now() - started) };
    await handler({
      RequestType: requestType,
      ResponseURL: url,
      StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/MateTenant-${String(properties.TenantId)}-${this.options.environment}/1`,
      RequestId: `r-${this.requests}`,
      LogicalResourceId: 'Placement',
      ResourceType: PLACEMENT_RESOURCE_TYPE,
      PhysicalResourceId: request.physicalResourceId
        ?? (requestType === 'Create' ? undefined : `${this.claimsPath}/tenants/${String(properties.TenantId)}`),
      ResourceProperties: {
        ServiceToken: `arn:aws:lambda:us-east-1:123456789012:function:mate-${this.options.environment}-placement`,
        ...properties,
      },
    }, context);
    const body = this.responses.get(url);
    if (body === undefined) {
      throw new Error(`the handler sent no answer for request ${this.requests}`);
    }
    this.responses.delete(url);
    return JSON.parse(body);
  }

  /**
   * Creates (or moves) the rule of `host` on load balancer `index`, as the tenant's stack does once its placement
   * answered; like CreateRule, fails when the listener already has a rule of that priority.
   */
  public createRule(index: number, priority: number, host: string): void {
    const lb = this.loadBalancers[index];
    const existing = lb.rules.findIndex((rule) => rule.host === host);
    if (existing >= 0) lb.rules.splice(existing, 1);
    if (lb.rules.some((rule) => rule.priority === priority)) {
      throw new Error(`PriorityInUse: priority ${priority} is already in use on listener ${lb.listenerArn}`);
    }
    lb.rules.push({ priority, host });
  }

  /** Slot claims on load balancer `index`. */
  public slotsOf(index: number): readonly string[] {
    return this.store.namesBelow(`${this.claimsPath}/load-balancer-${index}`);
  }

  public readJson(name: string): any {
    return JSON.parse(this.store.get(name) ?? 'null');
  }

  /** Tenants on load balancer `index`: its slot claims plus the rules no slot records (pinned). */
  public tenantsOn(index: number): number {
    const slots = this.slotsOf(index);
    const recorded = new Set(slots.map((name) => this.readJson(name).priority));
    return slots.length + this.loadBalancers[index].rules.filter((rule) => !recorded.has(rule.priority)).length;
  }

  /** The fakes, each counting its calls in `calls`. */
  private counted(fakes: Array<[CommandClass, FakeCall]>): Array<[CommandClass, FakeCall]> {
    return fakes.map(([command, fake]): [CommandClass, FakeCall] => [command, (input) => {
      this.calls.set(command.name, (this.calls.get(command.name) ?? 0) + 1);
      return fake(input);
    }]);
  }

  private async pause(): Promise<void> {
    if (this.latencyMs) {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    }
    const turns = this.jitter ? Math.floor(this.jitter() * 4) : 0;
    for (let turn = 0; turn < turns; turn++) {
      await new Promise(setImmediate);
    }
  }

  /** SSM: the calls the function makes, on the fake parameter store. */
  private fakeStore(): Array<[CommandClass, FakeCall]> {
    const store = this.store;
    return [[ssm.GetParameterCommand, async (input: ssm.GetParameterCommandInput) => {
      await this.pause();
      const value = store.get(input.Name!);
      if (value === undefined) throw parameterNotFound(input.Name!);
      return { Parameter: { Name: input.Name, Type: 'String', Value: value } };
    }], [ssm.PutParameterCommand, async (input: ssm.PutParameterCommandInput) => {
      await this.pause();
      if (input.Type !== 'String' || input.Tier !== 'Standard' || !input.Name!.startsWith(`${this.claimsPath}/`)) {
        throw new Error(`unexpected parameter ${JSON.stringify(input)}`);
      }
      if (store.has(input.Name!) && !input.Overwrite) {
        this.rejectedClaims += 1;
        throw new ssm.ParameterAlreadyExists({ message: `The parameter ${input.Name} already exists.`, $metadata: {} });
      }
      store.set(input.Name!, input.Value!);
      return { Version: 1, Tier: 'Standard' };
    }], [ssm.DeleteParameterCommand, async (input: ssm.DeleteParameterCommandInput) => {
      await this.pause();
      if (!store.delete(input.Name!)) throw parameterNotFound(input.Name!);
      return {};
    }], [ssm.GetParametersByPathCommand, async (input: ssm.GetParametersByPathCommandInput) => {
      await this.pause();
      const prefix = `${input.Path!.replace(/\/$/, '')}/`;
      const names = input.Recursive
        ? [...store.keys()].filter((name) => name.startsWith(prefix)).sort()
        : store.namesBelow(input.Path!);
      const start = Number(input.NextToken ?? 0);
      const size = Math.min(input.MaxResults ?? this.parametersPage, this.parametersPage);
      const page = names.slice(start, start + size);
      return {
        Parameters: page.map((name) => ({ Name: name, Type: 'String', Value: store.get(name) })),
        NextToken: start + size < names.length ? String(start + size) : undefined,
      };
    }]];
  }

  /** ELBv2: the describe calls the function makes, on the fake load balancers. */
  private fakeLoadBalancers(): Array<[CommandClass, FakeCall]> {
    return [[elbv2.DescribeRulesCommand, async (input: elbv2.DescribeRulesCommandInput) => {
      await this.pause();
      const lb = this.loadBalancers.find((candidate) => candidate.listenerArn === input.ListenerArn);
      if (!lb) throw new elbv2.ListenerNotFoundException({ message: 'One or more listeners not found', $metadata: {} });
      const start = Number(input.Marker ?? 0);
      const page = this.rulesPage;
      // The default rule comes last, after the listener's rules.
      const rules: elbv2.Rule[] = lb.rules.slice(start, start + page).map((rule, index) => describedRule(lb, rule, start + index));
      if (start + page > lb.rules.length) {
        rules.push({ RuleArn: `${lb.listenerArn}/default`, Priority: 'default', IsDefault: true, Conditions: [], Actions: [{ Type: 'fixed-response' }] });
      }
      return { Rules: rules, NextMarker: start + page < lb.rules.length + 1 ? String(start + page) : undefined };
    }], [elbv2.DescribeListenersCommand, async (input: elbv2.DescribeListenersCommandInput) => {
      await this.pause();
      const lb = this.loadBalancers.find((candidate) => candidate.listenerArn === input.ListenerArns![0])!;
      return { Listeners: [{ ListenerArn: lb.listenerArn, LoadBalancerArn: lb.loadBalancerArn, Port: 443, Protocol: 'HTTPS' }] };
    }], [elbv2.DescribeLoadBalancersCommand, async (input: elbv2.DescribeLoadBalancersCommandInput) => {
      await this.pause();
      const lb = this.loadBalancers.find((candidate) => candidate.loadBalancerArn === input.LoadBalancerArns![0])!;
      return { LoadBalancers: [{ LoadBalancerArn: lb.loadBalancerArn, DNSName: lb.dnsName, CanonicalHostedZoneId: CANONICAL_HOSTED_ZONE_ID, Type: 'application' }] };
    }]];
  }

  /** Stands in for `https`: keeps the body the handler PUTs to the response URL. */
  private fakeHttps() {
    const responses = this.responses;
    return {
      request(url: string, options: { method: string }, onResponse: (response: unknown) => void) {
        if (options.method !== 'PUT') throw new Error(`the handler answered with ${options.method}, not PUT`);
        return {
          on() { return this; },
          end(body: string) {
            responses.set(url, body);
            onResponse({ resume() {}, on(name: string, listener: () => void) { if (name === 'end') listener(); } });
          },
        };
      },
    };
  }
}
