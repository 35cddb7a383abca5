import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MateBaseInfra } from '../../src/base';
import { createBase, logicalIdOf } from '../fixtures';

describe('the published SSM parameters', () => {
  test('hold, below /<prefix>/<environment>/, everything a tenant stack imports', () => {
    const { template, base, stack } = createBase();
    const ref = (type: string, properties: Record<string, unknown> = {}) => ({ Ref: logicalIdOf(template, type, properties) });
    const groupId = (description: RegExp) => {
      const [id] = Object.entries(template.findResources('AWS::EC2::SecurityGroup'))
        .find(([, group]) => description.test(group.Properties.GroupDescription))!;
      return { 'Fn::GetAtt': [id, 'GroupId'] };
    };
    const parameters: Record<string, any> = Object.fromEntries(Object.values(template.findResources('AWS::SSM::Parameter'))
      .map((parameter) => [parameter.Properties.Name, parameter.Properties]));
    const value = (name: string) => parameters[`/mate/dev/${name}`].Value;

    expect(Object.keys(parameters).sort()).toEqual([
      'alarm-topic/arn', 'cache-subnet-group/name', 'cluster/execute-command-log-group-name', 'database-subnet-group/name',
      'domain-name', 'key/arn', 'load-balancer/arn', 'load-balancer/canonical-hosted-zone-id', 'load-balancer/dns-name',
      'load-balancer/https-listener-arn', 'load-balancer/security-group-id', 'load-balancer/target-security-group-id',
      'repository/arn', 'repository/name', 'tenant-placement-function/arn', 'vpc/availability-zones', 'vpc/id', 'vpc/isolated-subnet-ids',
      'vpc/isolated-subnet-route-table-ids', 'vpc/private-subnet-ids', 'vpc/private-subnet-route-table-ids',
    ].map((name) => `/mate/dev/${name}`));
    expect(Object.values(parameters).every((parameter) => parameter.Type === 'String')).toBe(true);

    expect(value('domain-name')).toBe('mate.example.com');
    expect(value('vpc/id')).toEqual(ref('AWS::EC2::VPC'));
    expect(value('vpc/isolated-subnet-ids')).toEqual(stack.resolve(base.vpc.isolatedSubnets.map((subnet) => subnet.subnetId).join(',')));
    expect(value('vpc/private-subnet-ids')).toEqual(stack.resolve(base.vpc.privateSubnets.map((subnet) => subnet.subnetId).join(',')));
    expect(value('vpc/private-subnet-route-table-ids')).toEqual(stack.resolve(base.vpc.privateSubnets.map((subnet) => subnet.routeTable.routeTableId).join(',')));
    expect(value('vpc/isolated-subnet-route-table-ids')).toEqual(stack.resolve(base.vpc.isolatedSubnets.map((subnet) => subnet.routeTable.routeTableId).join(',')));
    expect(value('vpc/availability-zones')).toEqual(stack.resolve(base.vpc.availabilityZones.join(',')));
    expect(value('cluster/execute-command-log-group-name')).toEqual(stack.resolve(base.executeCommandLogGroup.logGroupName));
    expect(value('load-balancer/arn')).toEqual(ref('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    expect(value('load-balancer/https-listener-arn')).toEqual(ref('AWS::ElasticLoadBalancingV2::Listener', { Port: 443 }));
    expect(value('load-balancer/security-group-id')).toEqual(groupId(/^Load balancer of/));
    expect(value('load-balancer/target-security-group-id')).toEqual(groupId(/^Web services of/));
    expect(value('key/arn')).toEqual({ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key'), 'Arn'] });
    expect(value('alarm-topic/arn')).toEqual(ref('AWS::SNS::Topic'));
    expect(value('database-subnet-group/name')).toEqual(ref('AWS::RDS::DBSubnetGroup'));
    expect(value('cache-subnet-group/name')).toEqual(ref('AWS::ElastiCache::SubnetGroup'));
    expect(value('repository/name')).toEqual(ref('AWS::ECR::Repository'));
  });

  test('follow the prefix', () => {
    const { template } = createBase({ prefix: 'acme', environment: 'prod' });

    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/acme/prod/vpc/id' });
  });

  test('publish the hosted zone\'s id, as hosted-zone/id, when the base has hostedZone', () => {
    const stack = new Stack(new App(), 'BaseStack');
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', hostedZone });
    const template = Template.fromStack(stack);

    expect(Object.keys(template.findResources('AWS::SSM::Parameter', { Properties: { Name: '/mate/dev/hosted-zone/id' } }))).toHaveLength(1);
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/mate/dev/hosted-zone/id', Type: 'String', Value: 'Z0123456789' });
  });

  test('publish no hosted zone id without hostedZone', () => {
    const { template } = createBase();

    expect(template.findResources('AWS::SSM::Parameter', { Properties: { Name: '/mate/dev/hosted-zone/id' } })).toEqual({});
  });

  test('publish each further load balancer under load-balancer-<n>/ and the first under load-balancer/', () => {
    const { template } = createBase({ loadBalancers: 2 });
    const names = Object.values(template.findResources('AWS::SSM::Parameter')).map((parameter) => parameter.Properties.Name as string);

    expect(names.filter((name) => name.startsWith('/mate/dev/load-balancer')).sort()).toEqual([
      'load-balancer-2/arn', 'load-balancer-2/canonical-hosted-zone-id', 'load-balancer-2/dns-name', 'load-balancer-2/https-listener-arn',
      'load-balancer/arn', 'load-balancer/canonical-hosted-zone-id', 'load-balancer/dns-name', 'load-balancer/https-listener-arn',
      'load-balancer/security-group-id', 'load-balancer/target-security-group-id',
    ].map((name) => `/mate/dev/${name}`));
  });
});
