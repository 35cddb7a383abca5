import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MateTenant } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { addTenant, createEnvironment, createPinnedTenant, defaultTenantAt, IMAGE, onlyResource, serviceNamed, PRESET_TIERS } from '../../fixtures';

const RULE_TYPES = ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress'];

describe('routing', () => {
  test.each(PRESET_TIERS)('%s: an IP target group on the application port with the default health check, deregistration delay and slow start', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Name: 'mate-demo-dev',
      TargetType: 'ip',
      Port: 8000,
      Protocol: 'HTTP',
      VpcId: { Ref: Match.stringLikeRegexp('vpcid') },
      HealthCheckPath: '/health/',
      HealthCheckProtocol: 'HTTP',
      Matcher: { HttpCode: '200' },
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        { Key: 'slow_start.duration_seconds', Value: '30' },
      ]),
    });
  });

  test.each(PRESET_TIERS)('%s: a host-name rule, on the HTTPS listener and at the priority the tenant\'s placement reports, forwards to the target group', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [targetGroupId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    const [placementId] = onlyResource(template, 'Custom::MateTenantPlacement');
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties).toEqual({
      ListenerArn: { 'Fn::GetAtt': [placementId, 'ListenerArn'] },
      Priority: { 'Fn::GetAtt': [placementId, 'Priority'] },
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['demo.mate.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: targetGroupId } }],
    });
  });

  test('with listenerRulePriority, the host-name rule is on the environment\'s HTTPS listener at that priority', () => {
    const { template, tenant } = createPinnedTenant({ listenerRulePriority: 42 });
    const [targetGroupId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    const [, rule] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rule.Properties).toEqual({
      ListenerArn: { Ref: expect.stringMatching(/^SsmParameterValuematedevloadbalancerhttpslistenerarn/) },
      Priority: 42,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['demo.mate.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: targetGroupId } }],
    });
    expect(tenant.listenerRulePriority).toBe(42);
  });

  test.each(PRESET_TIERS)('%s: Django registers its container with the target group once the rule attaches it to the load balancer', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [targetGroupId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    const [ruleId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    const [, django] = serviceNamed(template, 'mate-demo-dev-django');
    expect(django.Properties.LoadBalancers).toEqual([{ ContainerName: 'django', ContainerPort: 8000, TargetGroupArn: { Ref: targetGroupId } }]);
    expect(django.Properties.HealthCheckGracePeriodSeconds).toBe(60);
    expect(django.DependsOn).toContain(ruleId);
    for (const worker of ['mate-demo-dev-celery', 'mate-demo-dev-beat']) {
      expect(serviceNamed(template, worker)[1].Properties.LoadBalancers).toBeUndefined();
    }
  });

  test('health check path, deregistration delay, slow start and extra host names are configurable', () => {
    const { template, tenant } = createPinnedTenant({
      healthCheckPath: '/healthz',
      deregistrationDelay: Duration.seconds(120),
      slowStart: Duration.seconds(0),
      additionalHostNames: ['app.customer.com', 'customer.example.org'],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '120' },
        { Key: 'slow_start.duration_seconds', Value: '0' },
      ]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['demo.mate.example.com', 'app.customer.com', 'customer.example.org'] } }],
    });
    expect(tenant.hostNames).toEqual(['demo.mate.example.com', 'app.customer.com', 'customer.example.org']);
  });

  test('four additional host names fill the rule\'s five condition values', () => {
    const extra = ['a.customer.com', 'b.customer.com', 'c.customer.com', 'd.customer.com'];
    const { template } = createPinnedTenant({ additionalHostNames: extra });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['demo.mate.example.com', ...extra] } }],
    });
  });
});

describe('shared security groups gain no per-tenant rule', () => {
  test.each(PRESET_TIERS)('%s: every security-group rule in the tenant stack belongs to a group the tenant created', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const tenantGroups = Object.keys(template.findResources('AWS::EC2::SecurityGroup'));
    for (const type of RULE_TYPES) {
      for (const [id, rule] of Object.entries(template.findResources(type))) {
        const groupId = (rule as any).Properties.GroupId;
        expect({ id, groupId }).toEqual({ id, groupId: { 'Fn::GetAtt': [expect.any(String), 'GroupId'] } });
        expect(tenantGroups).toContain(groupId['Fn::GetAtt'][0]);
        // Nor does any tenant group admit the load balancer: Django is reached through the shared targets group.
        expect(JSON.stringify((rule as any).Properties)).not.toMatch(/SsmParameterValue/);
      }
    }
  });

  test.each(PRESET_TIERS)('%s: the tenant\'s service group allows no inbound traffic at all', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const serviceGroupId = stack.getLogicalId(tenant.serviceSecurityGroup.node.defaultChild as any);
    const inbound = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((rule: any) => JSON.stringify(rule.Properties.GroupId).includes(serviceGroupId));
    expect(inbound).toEqual([]);
    expect(template.findResources('AWS::EC2::SecurityGroup')[serviceGroupId].Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('the base stack\'s template is the same with or without tenants', () => {
    const alone = createEnvironment();
    const baseAlone = Template.fromStack(alone.baseStack).toJSON();

    const withTenants = createEnvironment();
    addTenant(withTenants, 'demo');
    addTenant(withTenants, 'acme', { tier: TenantTier.ENTERPRISE, additionalHostNames: ['app.acme.com'] });
    expect(Template.fromStack(withTenants.baseStack).toJSON()).toEqual(baseAlone);
  });

  test('a tenant in the base\'s own stack adds no rule to the load balancer\'s group or the shared targets group', () => {
    const alone = createEnvironment();
    const rulesAlone = rulesOnBaseGroups(alone.baseStack, alone.base);

    const together = createEnvironment();
    new MateTenant(together.baseStack, 'Demo', {
      base: together.base,
      tenantId: 'demo',
      tier: TenantTier.STANDARD,
      image: ecs.ContainerImage.fromRegistry(IMAGE),
    });
    expect(rulesOnBaseGroups(together.baseStack, together.base)).toEqual(rulesAlone);
    expect(rulesAlone.length).toBeGreaterThan(0);
  });
});

/** Every rule, inline or separate, on the load balancer's group or the shared targets group of `base`. */
function rulesOnBaseGroups(stack: Stack, base: ReturnType<typeof createEnvironment>['base']): unknown[] {
  const template = Template.fromStack(stack);
  const groupIds = [
    ...base.loadBalancer.connections.securityGroups,
    base.loadBalancerTargetSecurityGroup,
  ].map((group) => stack.resolve(group.securityGroupId)['Fn::GetAtt'][0] as string);
  const inline = groupIds.flatMap((id) => {
    const group = template.findResources('AWS::EC2::SecurityGroup')[id].Properties;
    return [...(group.SecurityGroupIngress ?? []), ...(group.SecurityGroupEgress ?? [])];
  });
  const separate = RULE_TYPES.flatMap((type) => Object.values(template.findResources(type)))
    .filter((rule: any) => groupIds.some((id) => JSON.stringify(rule.Properties.GroupId).includes(id)
      || JSON.stringify(rule.Properties.SourceSecurityGroupId ?? '').includes(id)
      || JSON.stringify(rule.Properties.DestinationSecurityGroupId ?? '').includes(id)));
  return [...inline, ...separate];
}
