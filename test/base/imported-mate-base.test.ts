import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MateBaseInfra, type MateBaseImportOptions } from '../../src/base';
import { MateTenant } from '../../src/tenant';
import { TenantTier } from '../../src/tiers';
import { addTenantLikeService } from '../fixtures';

/** A tenant-like stack in an app of its own, attached to environment `dev` by name. */
function tenantApp(options: MateBaseImportOptions = {}) {
  const stack = new Stack(new App(), 'TenantStack');
  const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', options);
  addTenantLikeService(stack, base, 'demo', 10);
  return { stack, base, template: Template.fromStack(stack) };
}

/** The SSM parameters, below `/mate/dev/`, that the CloudFormation parameters of `stack` read. */
function readParameters(stack: Stack): string[] {
  return Object.values(Template.fromStack(stack).toJSON().Parameters ?? {})
    .map((parameter: any) => parameter.Default as string)
    .filter((name) => name.startsWith('/mate/dev/'))
    .map((name) => name.replace(/^\/mate\/dev\//, ''))
    .sort();
}

/** The CloudFormation parameter that reads SSM parameter `name`. */
function ssmParameter(template: Template, name: string): string {
  const entries = Object.entries(template.toJSON().Parameters ?? {}) as Array<[string, any]>;
  const found = entries.filter(([, parameter]) => parameter.Default === name);
  if (found.length !== 1) {
    throw new Error(`expected one parameter reading ${name}, found ${found.length}`);
  }
  expect(found[0][1].Type).toBe('AWS::SSM::Parameter::Value<String>');
  return found[0][0];
}

describe('MateBaseInfra.fromEnvironmentName', () => {
  test('reads every resource from the environment\'s SSM parameters at deployment', () => {
    const { template } = tenantApp();
    const listenerArn = ssmParameter(template, '/mate/dev/load-balancer/https-listener-arn');
    const targetGroupId = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'))[0];

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: listenerArn },
      Priority: 10,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [{ 'Fn::Join': ['', ['demo.', { Ref: ssmParameter(template, '/mate/dev/domain-name') }]] }] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: targetGroupId } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { VpcId: { Ref: ssmParameter(template, '/mate/dev/vpc/id') } });
    template.hasResourceProperties('AWS::ECS::Service', {
      Cluster: 'mate-dev',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: [0, 1].map((index) => ({
            'Fn::Select': [index, { 'Fn::Split': [',', { Ref: ssmParameter(template, '/mate/dev/vpc/private-subnet-ids') }] }],
          })),
          SecurityGroups: Match.arrayWith([{ Ref: ssmParameter(template, '/mate/dev/load-balancer/target-security-group-id') }]),
        },
      },
    });
  });

  test('gives services with ECS Exec access to the environment\'s key and exec log group', () => {
    const { template } = tenantApp();
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { Ref: ssmParameter(template, '/mate/dev/key/arn') } }),
      expect.objectContaining({
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([{ Ref: ssmParameter(template, '/mate/dev/cluster/execute-command-log-group-name') }])] }),
      }),
    ]));
  });

  test('never adds a rule to the shared security groups', () => {
    const { template } = tenantApp();
    const shared = [
      ssmParameter(template, '/mate/dev/load-balancer/security-group-id'),
      ssmParameter(template, '/mate/dev/load-balancer/target-security-group-id'),
    ].map((id) => JSON.stringify({ Ref: id }));
    const rules = [
      ...Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')),
      ...Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')),
    ];

    expect(rules.filter((rule) => shared.includes(JSON.stringify(rule.Properties.GroupId)))).toEqual([]);
    // The tenant's own group accepts the load balancer: a rule of the tenant's, removed with it.
    expect(rules.map((rule) => rule.Properties.SourceSecurityGroupId)).toEqual([{ Ref: JSON.parse(shared[0]).Ref }]);
  });

  test('takes the values needed at synthesis from options', () => {
    const { base, stack, template } = tenantApp({ prefix: 'acme', availabilityZoneCount: 3, applicationPort: 9000, domainName: 'acme.example.com' });

    expect(base.prefix).toBe('acme');
    expect(base.environment).toBe('dev');
    expect(base.availabilityZoneCount).toBe(3);
    expect(base.applicationPort).toBe(9000);
    expect(base.domainName).toBe('acme.example.com');
    expect(base.vpc.privateSubnets).toHaveLength(3);
    expect(stack.resolve(base.cluster.clusterName)).toBe('acme-dev');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 9000 });
    expect(() => ssmParameter(template, '/acme/dev/domain-name')).toThrow(/found 0/);
  });

  test('defaults to the base\'s defaults', () => {
    const { base } = tenantApp();

    expect(base.prefix).toBe('mate');
    expect(base.availabilityZoneCount).toBe(2);
    expect(base.applicationPort).toBe(8000);
  });

  test('reads the key, topic, subnet groups and repository by their published names and ARNs', () => {
    const stack = new Stack(new App(), 'TenantStack');
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev');
    const used = [base.key.keyArn, base.alarmTopic.topicArn, base.databaseSubnetGroup.subnetGroupName, base.cacheSubnetGroupName,
      base.repository.repositoryArn, base.repository.repositoryName, base.loadBalancer.loadBalancerArn, base.loadBalancer.loadBalancerDnsName];
    used.forEach((value, index) => new CfnOutput(stack, `Used${index}`, { value }));
    const template = Template.fromStack(stack);
    const parameterOf = (name: string) => ({ Ref: ssmParameter(template, name) });

    expect(stack.resolve(base.key.keyArn)).toEqual(parameterOf('/mate/dev/key/arn'));
    expect(stack.resolve(base.alarmTopic.topicArn)).toEqual(parameterOf('/mate/dev/alarm-topic/arn'));
    expect(stack.resolve(base.databaseSubnetGroup.subnetGroupName)).toEqual(parameterOf('/mate/dev/database-subnet-group/name'));
    expect(stack.resolve(base.cacheSubnetGroupName)).toEqual(parameterOf('/mate/dev/cache-subnet-group/name'));
    expect(stack.resolve(base.repository.repositoryArn)).toEqual(parameterOf('/mate/dev/repository/arn'));
    expect(stack.resolve(base.repository.repositoryName)).toEqual(parameterOf('/mate/dev/repository/name'));
    expect(stack.resolve(base.loadBalancer.loadBalancerArn)).toEqual(parameterOf('/mate/dev/load-balancer/arn'));
    expect(stack.resolve(base.loadBalancer.loadBalancerDnsName)).toEqual(parameterOf('/mate/dev/load-balancer/dns-name'));
  });

  test('adds only the CloudFormation parameters of what the stack uses', () => {
    const stack = new Stack(new App(), 'TenantStack');
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', { domainName: 'mate.example.com' });
    const parameterNames = () => Object.values(Template.fromStack(stack).toJSON().Parameters ?? {})
      .map((parameter: any) => parameter.Default).filter((name: string) => name.startsWith('/mate/')).sort();

    new ec2.SecurityGroup(stack, 'Group', { vpc: base.vpc });
    new CfnOutput(stack, 'Subnets', { value: base.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds.join(',') });
    expect(parameterNames()).toEqual(['/mate/dev/vpc/id', '/mate/dev/vpc/private-subnet-ids']);
  });

  test('reads the Availability Zones when a subnet\'s zone is used', () => {
    const stack = new Stack(new App(), 'TenantStack');
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev');
    new CfnOutput(stack, 'Zone', { value: base.vpc.isolatedSubnets[1].availabilityZone });
    const template = Template.fromStack(stack);

    template.hasOutput('Zone', {
      Value: { 'Fn::Select': [1, { 'Fn::Split': [',', { Ref: ssmParameter(template, '/mate/dev/vpc/availability-zones') }] }] },
    });
  });

  test('has one load balancer and no hosted zone by default', () => {
    const stack = new Stack(new App(), 'TenantStack');
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev');
    new CfnOutput(stack, 'Used', { value: base.loadBalancer.loadBalancerArn });

    expect(base.loadBalancers).toHaveLength(1);
    expect(base.httpsListeners).toHaveLength(1);
    expect(base.loadBalancers[0]).toBe(base.loadBalancer);
    expect(base.httpsListeners[0]).toBe(base.httpsListener);
    expect(base.hostedZone).toBeUndefined();
    expect(stack.resolve(base.loadBalancer.loadBalancerArn)).toEqual({ Ref: ssmParameter(Template.fromStack(stack), '/mate/dev/load-balancer/arn') });
  });

  test('with loadBalancers: 2, reads the second load balancer and its listener from the load-balancer-2 parameters', () => {
    const stack = new Stack(new App(), 'TenantStack');
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', { loadBalancers: 2 });
    const [first, second] = base.loadBalancers;
    const used = [second.loadBalancerArn, second.loadBalancerDnsName, second.loadBalancerCanonicalHostedZoneId, base.httpsListeners[1].listenerArn];
    used.forEach((value, index) => new CfnOutput(stack, `Used${index}`, { value }));
    const template = Template.fromStack(stack);
    const parameterOf = (name: string) => ({ Ref: ssmParameter(template, `/mate/dev/${name}`) });

    expect(base.loadBalancers).toHaveLength(2);
    expect(base.httpsListeners).toHaveLength(2);
    expect(first).toBe(base.loadBalancer);
    expect(stack.resolve(second.loadBalancerArn)).toEqual(parameterOf('load-balancer-2/arn'));
    expect(stack.resolve(second.loadBalancerDnsName)).toEqual(parameterOf('load-balancer-2/dns-name'));
    expect(stack.resolve(second.loadBalancerCanonicalHostedZoneId)).toEqual(parameterOf('load-balancer-2/canonical-hosted-zone-id'));
    expect(stack.resolve(base.httpsListeners[1].listenerArn)).toEqual(parameterOf('load-balancer-2/https-listener-arn'));
    // Read only when used: nothing of the first load balancer, and nothing else of the second.
    expect(readParameters(stack)).toEqual([
      'load-balancer-2/arn', 'load-balancer-2/canonical-hosted-zone-id', 'load-balancer-2/dns-name', 'load-balancer-2/https-listener-arn',
    ]);
  });

  test('adds no parameter of a load balancer nothing uses', () => {
    const stack = new Stack(new App(), 'TenantStack');
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', { loadBalancers: 3 });
    new CfnOutput(stack, 'Used', { value: base.loadBalancers[2].loadBalancerDnsName });

    expect(readParameters(stack)).toEqual(['load-balancer-3/dns-name']);
  });

  /** Tenant `acme` on load balancer 1 of environment `dev` imported by name with its hosted zone, with `overrides`. */
  function tenantOnSecondLoadBalancer(overrides: { listenerRulePriority?: number } = {}) {
    const stack = new Stack(new App(), 'MateTenant-acme-dev');
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const base = MateBaseInfra.fromEnvironmentName(stack, 'Base', 'dev', { loadBalancers: 2, hostedZone, domainName: 'mate.example.com' });
    new MateTenant(stack, 'Tenant', {
      base,
      tenantId: 'acme',
      tier: TenantTier.TRIAL,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/mate:1.0.0'),
      loadBalancerIndex: 1,
      ...overrides,
    });
    return { stack, base, hostedZone, template: Template.fromStack(stack) };
  }

  test('a tenant placed at deployment on load balancer 1 reads the placement function and no load balancer, and the hosted zone passes through', () => {
    const { stack, base, hostedZone, template } = tenantOnSecondLoadBalancer();
    const parameterOf = (name: string) => ({ Ref: ssmParameter(template, `/mate/dev/${name}`) });
    const read = readParameters(stack);
    const placementId = Object.keys(template.findResources('Custom::MateTenantPlacement'))[0];
    const placement = (attribute: string) => ({ 'Fn::GetAtt': [placementId, attribute] });

    expect(base.hostedZone).toBe(hostedZone);
    expect(read).toContain('tenant-placement-function/arn');
    expect(read.filter((name) => /^load-balancer(-\d+)?\/(arn|dns-name|canonical-hosted-zone-id|https-listener-arn)$/.test(name))).toEqual([]);
    template.resourceCountIs('Custom::MateTenantPlacement', 1);
    template.hasResourceProperties('Custom::MateTenantPlacement', {
      ServiceToken: parameterOf('tenant-placement-function/arn'),
      TenantId: 'acme',
      HostName: 'acme.mate.example.com',
      LoadBalancerIndex: 1,
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: placement('ListenerArn'), Priority: placement('Priority') });
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'acme.mate.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789',
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', placement('DnsName')]] },
        HostedZoneId: placement('CanonicalHostedZoneId'),
      },
    });
  });

  test('a tenant pinned on load balancer 1 reads the listener and load balancer of load-balancer-2, and the hosted zone passes through', () => {
    const { stack, base, hostedZone, template } = tenantOnSecondLoadBalancer({ listenerRulePriority: 42 });
    const parameterOf = (name: string) => ({ Ref: ssmParameter(template, `/mate/dev/${name}`) });
    const read = readParameters(stack);

    expect(base.hostedZone).toBe(hostedZone);
    expect(read).toEqual(expect.arrayContaining(['load-balancer-2/https-listener-arn', 'load-balancer-2/dns-name', 'load-balancer-2/canonical-hosted-zone-id']));
    expect(read.filter((name) => /^load-balancer\/(arn|dns-name|canonical-hosted-zone-id|https-listener-arn)$/.test(name))).toEqual([]);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    template.resourceCountIs('Custom::MateTenantPlacement', 0);
    expect(read).not.toContain('tenant-placement-function/arn');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: parameterOf('load-balancer-2/https-listener-arn'), Priority: 42 });
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'acme.mate.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789',
      AliasTarget: {
        DNSName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([parameterOf('load-balancer-2/dns-name')])] }),
        HostedZoneId: parameterOf('load-balancer-2/canonical-hosted-zone-id'),
      },
    });
  });

  test('fails with one error listing every problem with the environment name and options', () => {
    const stack = new Stack(new App(), 'TenantStack');

    expect(() => MateBaseInfra.fromEnvironmentName(stack, 'Base', 'Dev', { availabilityZoneCount: 1, applicationPort: 0, domainName: 'Nope' }))
      .toThrow(new RegExp([
        "^Invalid MateBaseInfra.fromEnvironmentName\\('Dev'\\):",
        "  - environment 'Dev' must be a lower-case DNS label[^\\n]*",
        '  - availabilityZoneCount 1 must be the number of Availability Zones of the environment\'s VPC, a whole number from 2 to 6',
        '  - applicationPort 0 must be a whole number from 1 to 65535[^\\n]*',
        "  - domainName 'Nope' must be a DNS name[^\\n]*",
        '  \\(construct path: TenantStack/Base\\)$',
      ].join('\\n')));
  });
});
