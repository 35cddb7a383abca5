import { App, Stack, type StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import { MateBaseInfra, type IMateBase, type MateBaseInfraProps } from '../src/base';
import { MateTenant, type MateTenantProps } from '../src/tenant';
import { TenantTier } from '../src/tiers';

/**
 * The one fixture module of the tests: the environments and tenants they build, and the readers of the templates
 * they synthesize. Tenants are synthesized in an app without their environment's base: a tenant's template is the
 * same either way (it reads its environment from SSM parameters), and each test then pays for the tenant's stack
 * alone.
 */

/** The certificate of the environments the tests build (imported by ARN: no lookup, no validation records). */
export const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** Account and Region of stacks that name them. */
export const ENV = { account: '123456789012', region: 'us-east-1' };

/** The application image of test tenants. */
export const IMAGE = 'public.ecr.aws/sociant/mate:1.0.0';

/** The three presets, for `test.each`. */
export const PRESET_TIERS: Array<[string, TenantTier]> = [
  ['trial', TenantTier.TRIAL],
  ['standard', TenantTier.STANDARD],
  ['enterprise', TenantTier.ENTERPRISE],
];

// ---- Environments

/** Tenant props every test may override. */
export type TenantOverrides = Partial<Omit<MateTenantProps, 'base'>>;

/** An environment `dev` for tenants: the app the tenants go in, and the base in a stack of another app. */
export interface Environment {
  readonly app: App;
  readonly baseStack: Stack;
  readonly base: MateBaseInfra;
  /** Account and Region of the tenants' stacks, when the environment's stacks name them. */
  readonly env?: typeof ENV;
}

/**
 * A base of environment `dev` for `mate.example.com` in stack `MateBase-dev` of an app of its own, with `baseProps`
 * (or the props made in the base's stack by `baseProps`, for a hosted zone of that stack); its stacks name `env`.
 */
function environmentOf(env: typeof ENV | undefined,
  baseProps: Partial<MateBaseInfraProps> | ((baseStack: Stack) => Partial<MateBaseInfraProps>) = {}): Environment {
  const baseStack = new Stack(new App(), 'MateBase-dev', { env });
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    ...typeof baseProps === 'function' ? baseProps(baseStack) : baseProps,
  });
  return { app: new App(), baseStack, base, env };
}

/** An environment whose stacks name no account or Region, as the demo's do. */
export function createApp(): Environment {
  return environmentOf(undefined);
}

/** An environment whose stacks name account 123456789012 and us-east-1, with `baseProps`. */
export function createEnvironment(baseProps: Partial<MateBaseInfraProps> | ((baseStack: Stack) => Partial<MateBaseInfraProps>) = {}): Environment {
  return environmentOf(ENV, baseProps);
}

// ---- Tenants

/** Props of a tenant `tenantId` on `base`, Trial with image `IMAGE`; `overrides` replace them. */
export function tenantProps(base: MateBaseInfra, tenantId: string, overrides: TenantOverrides = {}): MateTenantProps {
  return {
    base,
    tenantId,
    tier: TenantTier.TRIAL,
    image: ecs.ContainerImage.fromRegistry(IMAGE),
    ...overrides,
  };
}

export interface TenantFixture {
  readonly app: App;
  readonly base: MateBaseInfra;
  readonly stack: Stack;
  readonly tenant: MateTenant;
  readonly template: Template;
}

/**
 * Adds tenant `tenantId` to the environment's app in stack `MateTenant-<tenantId>-dev`. The template is synthesized
 * on first use, so that several tenants can be added to one app before any is read.
 */
export function addTenant(environment: Pick<Environment, 'app' | 'base' | 'env'>, tenantId: string, overrides: TenantOverrides = {}): TenantFixture {
  const stack = new Stack(environment.app, `MateTenant-${tenantId}-dev`, { env: environment.env });
  const tenant = new MateTenant(stack, 'Tenant', tenantProps(environment.base, tenantId, overrides));
  let template: Template | undefined;
  return {
    app: environment.app,
    base: environment.base,
    stack,
    tenant,
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

/** Tenant `tenantId` (default `demo`) on a new environment whose stacks name no account or Region. */
export function createTenant(overrides: TenantOverrides = {}, tenantId = 'demo'): TenantFixture & Environment {
  const environment = createApp();
  return { ...environment, ...addTenant(environment, tenantId, overrides) };
}

/** Tenant `demo` on a new environment whose stacks name account and Region (`createEnvironment`). */
export function createPinnedTenant(overrides: TenantOverrides = {}): TenantFixture & Environment {
  const environment = createEnvironment();
  const fixture = addTenant(environment, 'demo', overrides);
  return { ...environment, ...fixture, get template() { return fixture.template; } };
}

const templatesByTier = new Map<TenantTier, TenantFixture & Environment>();

/** Tenant `demo` with default props at `tier` on a `createEnvironment` environment, synthesized once per test file. */
export function defaultTenantAt(tier: TenantTier): TenantFixture & Environment {
  const cached = templatesByTier.get(tier);
  if (cached) {
    return cached;
  }
  const environment = createEnvironment();
  const fixture = addTenant(environment, 'demo', { tier });
  const synthesized = { ...environment, ...fixture, template: fixture.template };
  templatesByTier.set(tier, synthesized);
  return synthesized;
}

// ---- Reading templates

/** A resource of a template as `[logicalId, resource]`, also readable as `{ id, resource }`. */
export type ResourceEntry = [string, any] & { id: string; resource: any };

/**
 * The only resource of `type` whose properties match: as `[logicalId, resource]`, and with the same two as `id` and
 * `resource`, so either destructuring reads it.
 */
export function onlyResource(template: Template, type: string, properties: Record<string, unknown> = {}): ResourceEntry {
  const found = Object.entries(template.findResources(type, { Properties: properties }));
  if (found.length !== 1) {
    throw new Error(`expected one ${type} matching ${JSON.stringify(properties)}, found ${found.length}`);
  }
  const [id, resource] = found[0];
  return Object.assign([id, resource] as [string, any], { id, resource });
}

/** The ECS service named `name`, as [logicalId, resource]. */
export function serviceNamed(template: Template, name: string): [string, any] {
  return onlyResource(template, 'AWS::ECS::Service', { ServiceName: name });
}

/** The task definition of `family`, as [logicalId, resource]. */
export function taskDefinitionOf(template: Template, family: string): [string, any] {
  return onlyResource(template, 'AWS::ECS::TaskDefinition', { Family: family });
}

/** `{ 'Fn::GetAtt': [<tenant key>, 'Arn'] }`: how a store names the tenant's own key. */
export function tenantKeyArn(template: Template): { [key: string]: unknown } {
  return { 'Fn::GetAtt': [onlyResource(template, 'AWS::KMS::Key').id, 'Arn'] };
}

/** Logical ids of the resources of `type` whose properties match `properties`. */
export function logicalIdsOf(template: Template, type: string, properties: { [key: string]: unknown } = {}): string[] {
  return Object.keys(template.findResources(type, { Properties: properties }));
}

/** Every value in `value` (deeply) for which `predicate` holds. */
export function collect(value: unknown, predicate: (node: unknown, key: string | undefined) => boolean, key?: string): unknown[] {
  const found = predicate(value, key) ? [value] : [];
  if (Array.isArray(value)) {
    return found.concat(value.flatMap((item) => collect(item, predicate)));
  }
  if (value !== null && typeof value === 'object') {
    return found.concat(Object.entries(value).flatMap(([childKey, child]) => collect(child, predicate, childKey)));
  }
  return found;
}

/** The logical ids `value` refers to with `Ref` or `Fn::GetAtt`. */
export function referencedIds(value: unknown): string[] {
  const refs = collect(value, (_node, key) => key === 'Ref' || key === 'Fn::GetAtt');
  return refs.map((ref) => (Array.isArray(ref) ? String(ref[0]) : String(ref)));
}

// ---- Monitoring

/** Every resource of `type` in `template`, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { [key: string]: any }> {
  return template.findResources(type);
}

/** The tenant's alarms by name. */
export function alarmsByName(template: Template): Record<string, { [key: string]: any }> {
  return Object.fromEntries(Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
    .map((alarm) => [alarm.Properties.AlarmName, alarm.Properties]));
}

/**
 * The body of the dashboard named `name`, parsed: CloudFormation joins it from strings and references, and each
 * reference stands in as the string `<ref>`.
 */
export function dashboardBody(template: Template, name: string): { widgets: Array<{ [key: string]: any }> } {
  const dashboards = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'))
    .filter((dashboard) => dashboard.Properties.DashboardName === name);
  if (dashboards.length !== 1) {
    throw new Error(`expected one dashboard named ${name}, found ${dashboards.length}`);
  }
  const body = dashboards[0].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[])
    .map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  return JSON.parse(text);
}

/** The titles of a dashboard's graph widgets. */
export function graphTitles(body: { widgets: Array<{ [key: string]: any }> }): string[] {
  return body.widgets.filter((widget) => widget.type === 'metric').map((widget) => widget.properties.title);
}

/** The metric lines of the graph titled `title`: each `[namespace, name, dimension, value, ..., options]`. */
export function graphMetrics(body: { widgets: Array<{ [key: string]: any }> }, title: string): unknown[][] {
  const widget = body.widgets.find((candidate) => candidate.properties?.title === title);
  if (!widget) {
    throw new Error(`no widget titled ${title}; titles: ${graphTitles(body).join(', ')}`);
  }
  return widget.properties.metrics;
}

// ---- Bases

/** The HTTPS listener every load balancer of an environment gets by default. */
export const DEFAULT_HTTPS_LISTENER = {
  Port: 443,
  Protocol: 'HTTPS',
  Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
  SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } }],
};

/** A stack with an imported certificate, for props that need one. */
export function certificateIn(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
}

export interface BaseFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly base: MateBaseInfra;
  readonly template: Template;
}

/**
 * A base of environment `dev` for `mate.example.com` in a stack of its own; `overrides` replace the default props,
 * `withCertificate: false` leaves the certificate out, and `extend` adds to the stack before it is synthesized.
 */
export function createBase(overrides: Partial<MateBaseInfraProps> = {}, stackProps: StackProps = {}, withCertificate = true,
  extend: (base: MateBaseInfra, stack: Stack) => void = () => {}): BaseFixture {
  const app = new App();
  const stack = new Stack(app, 'BaseStack', stackProps);
  const base = new MateBaseInfra(stack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: withCertificate ? certificateIn(stack) : undefined,
    ...overrides,
  });
  extend(base, stack);
  return { app, stack, base, template: Template.fromStack(stack) };
}

/** The logical id of the only resource of `type` whose properties match `properties`. */
export function logicalIdOf(template: Template, type: string, properties: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: properties }));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} matching ${JSON.stringify(properties)}, found ${ids.length}`);
  }
  return ids[0];
}

/**
 * What a tenant does with the base, in `scope`: a Fargate web service in its own security group plus the shared
 * target group, behind a host-name rule on the HTTPS listener.
 */
export function addTenantLikeService(scope: Construct, base: IMateBase, tenantId: string, priority: number): ecs.FargateService {
  const securityGroup = new ec2.SecurityGroup(scope, `${tenantId}ServiceSecurityGroup`, { vpc: base.vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(scope, `${tenantId}TaskDefinition`);
  taskDefinition.addContainer('django', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/python:3.12'),
    portMappings: [{ containerPort: base.applicationPort }],
  });
  const service = new ecs.FargateService(scope, `${tenantId}Service`, {
    cluster: base.cluster,
    taskDefinition,
    securityGroups: [securityGroup, base.loadBalancerTargetSecurityGroup],
    enableExecuteCommand: true,
  });
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, `${tenantId}TargetGroup`, {
    vpc: base.vpc,
    port: base.applicationPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });
  base.httpsListener.addTargetGroups(`${tenantId}Rule`, {
    priority,
    conditions: [elbv2.ListenerCondition.hostHeaders([`${tenantId}.${base.domainName}`])],
    targetGroups: [targetGroup],
  });
  service.attachToApplicationTargetGroup(targetGroup);
  return service;
}

/** Every rule of security group `groupId` in `template`: inline, and as separate ingress and egress resources. */
export function securityGroupRules(template: Template, groupId: string) {
  const group = template.findResources('AWS::EC2::SecurityGroup')[groupId].Properties;
  const separate = (type: string) => Object.values(template.findResources(type))
    .filter((rule) => JSON.stringify(rule.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [groupId, 'GroupId'] }))
    .map((rule) => rule.Properties);
  return {
    inlineIngress: group.SecurityGroupIngress ?? [],
    inlineEgress: group.SecurityGroupEgress ?? [],
    ingress: separate('AWS::EC2::SecurityGroupIngress'),
    egress: separate('AWS::EC2::SecurityGroupEgress'),
  };
}
