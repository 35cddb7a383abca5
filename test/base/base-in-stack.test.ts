import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { MateBaseInfra } from '../../src/base';
import { baseInStackOf } from '../../src/base/base-in-stack';
import { MateTenant } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';
import { addTenantLikeService, certificateIn } from '../fixtures';

function baseAndTenantStacks(baseProps: { prefix?: string; applicationPort?: number } = {}) {
  const app = new App();
  const baseStack = new Stack(app, 'MateBase-dev');
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(baseStack), ...baseProps,
  });
  const tenantStack = new Stack(app, 'MateTenant-demo-dev');
  return { app, baseStack, base, tenantStack };
}

/** Environment `dev` with `loadBalancers: 2` and, if `withHostedZone`, the hosted zone `example.com`, and a tenant stack. */
function twoLoadBalancerStacks(withHostedZone: boolean) {
  const app = new App();
  const baseStack = new Stack(app, 'MateBase-dev');
  const hostedZone = withHostedZone
    ? route53.HostedZone.fromHostedZoneAttributes(baseStack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' })
    : undefined;
  const base = new MateBaseInfra(baseStack, 'Base', {
    environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(baseStack), hostedZone, loadBalancers: 2,
  });
  const tenantStack = new Stack(app, 'MateTenant-acme-dev');
  return { app, baseStack, base, tenantStack };
}

/** The name of the SSM parameter that `reference`, a `Ref` to a CloudFormation parameter of `template`, reads. */
function ssmParameterName(template: Template, reference: unknown): string {
  const { Ref: logicalId } = reference as { Ref: string };
  const parameter = template.toJSON().Parameters?.[logicalId];
  expect(parameter?.Type).toBe('AWS::SSM::Parameter::Value<String>');
  return parameter.Default;
}

describe('baseInStackOf', () => {
  test('is the base itself in the base\'s own stack', () => {
    const { base, baseStack } = baseAndTenantStacks();

    expect(baseInStackOf(baseStack, base)).toBe(base);
  });

  test('is one import per stack and environment, created in the consumer\'s stack', () => {
    const { base, tenantStack, app } = baseAndTenantStacks();
    const view = baseInStackOf(tenantStack, base);

    expect(view).not.toBe(base);
    expect(Stack.of(view)).toBe(tenantStack);
    expect(baseInStackOf(new Construct(tenantStack, 'Tenant'), base)).toBe(view);
    expect(baseInStackOf(tenantStack, base)).toBe(view);
    expect(baseInStackOf(new Stack(app, 'Other'), base)).not.toBe(view);
  });

  test('copies the values needed at synthesis from the base', () => {
    const { base, tenantStack } = baseAndTenantStacks({ prefix: 'acme', applicationPort: 9000 });
    const view = baseInStackOf(tenantStack, base);

    expect(view.prefix).toBe('acme');
    expect(view.environment).toBe('dev');
    expect(view.applicationPort).toBe(9000);
    expect(view.availabilityZoneCount).toBe(2);
    expect(view.domainName).toBe('mate.example.com');
    expect(tenantStack.resolve(view.cluster.clusterName)).toBe('acme-dev');
  });

  test('makes the consumer\'s stack depend on the base stack of the same app', () => {
    const { app, base, baseStack, tenantStack } = baseAndTenantStacks();
    baseInStackOf(tenantStack, base);
    const assembly = app.synth();

    const stackDependencies = (name: string) => assembly.getStackByName(name).dependencies
      .map((artifact) => artifact.id).filter((id) => !id.endsWith('.assets'));

    expect(stackDependencies(tenantStack.stackName)).toEqual([baseStack.artifactId]);
    expect(stackDependencies(baseStack.stackName)).toEqual([]);
  });

  test('adds no dependency on a base in another app', () => {
    const { base } = baseAndTenantStacks();
    const otherAppStack = new Stack(new App(), 'Tenant');
    const view = baseInStackOf(otherAppStack, base);

    expect(Stack.of(view)).toBe(otherAppStack);
    expect(otherAppStack.node.dependencies).toEqual([]);
  });

  test('lets a tenant in another stack attach without exports, imports, or changes to the base stack', () => {
    const build = (withTenants: boolean) => {
      const { app, base, baseStack, tenantStack } = baseAndTenantStacks();
      if (withTenants) {
        addTenantLikeService(tenantStack, baseInStackOf(tenantStack, base), 'demo', 10);
        const secondTenantStack = new Stack(app, 'MateTenant-acme-dev');
        addTenantLikeService(secondTenantStack, baseInStackOf(secondTenantStack, base), 'acme', 20);
      }
      const assembly = app.synth();
      return {
        base: assembly.getStackByName(baseStack.stackName).template,
        tenant: withTenants ? assembly.getStackByName(tenantStack.stackName).template : undefined,
      };
    };
    const without = build(false);
    const withTenants = build(true);

    expect(JSON.stringify(withTenants.tenant)).not.toContain('Fn::ImportValue');
    expect(Object.values(withTenants.base.Outputs).filter((output: any) => output.Export !== undefined)).toEqual([]);
    expect(withTenants.base).toEqual(without.base);
    Template.fromJSON(withTenants.tenant).resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
  });

  test('sees the base\'s load balancers and hosted zone, the zone\'s id read from /mate/dev/hosted-zone/id', () => {
    const { app, base, tenantStack } = twoLoadBalancerStacks(true);
    const view = baseInStackOf(tenantStack, base);
    new MateTenant(tenantStack, 'Tenant', {
      base,
      tenantId: 'acme',
      tier: TenantTier.TRIAL,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/mate:1.0.0'),
      loadBalancerIndex: 1,
    });
    const hostedZoneId = tenantStack.resolve(view.hostedZone!.hostedZoneId);
    const listenerArn = tenantStack.resolve(view.httpsListeners[1].listenerArn);
    const template = Template.fromJSON(app.synth().getStackByName(tenantStack.stackName).template);

    expect(view.loadBalancers).toHaveLength(2);
    expect(view.httpsListeners).toHaveLength(2);
    expect(view.hostedZone!.zoneName).toBe('example.com');
    expect(ssmParameterName(template, hostedZoneId)).toBe('/mate/dev/hosted-zone/id');
    expect(ssmParameterName(template, listenerArn)).toBe('/mate/dev/load-balancer-2/https-listener-arn');
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'acme.mate.example.com.', HostedZoneId: hostedZoneId });
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  test('sees no hosted zone of a base without one', () => {
    const { base, tenantStack } = twoLoadBalancerStacks(false);
    const view = baseInStackOf(tenantStack, base);

    expect(view.loadBalancers).toHaveLength(2);
    expect(view.hostedZone).toBeUndefined();
  });
});
