import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { MateBaseInfra } from '../../src/base';
import { certificateIn, createBase, logicalIdOf } from '../fixtures';

const ENV = { account: '123456789012', region: 'us-east-1' };

function subnetsOfType(template: Template, type: 'Public' | 'Private' | 'Isolated') {
  return template.findResources('AWS::EC2::Subnet', {
    Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: type }]) },
  });
}

describe('the environment VPC', () => {
  test('has public, private-with-egress and isolated subnets in 2 Availability Zones by default', () => {
    const { template } = createBase();

    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    expect(Object.keys(subnetsOfType(template, 'Public'))).toHaveLength(2);
    expect(Object.keys(subnetsOfType(template, 'Private'))).toHaveLength(2);
    expect(Object.keys(subnetsOfType(template, 'Isolated'))).toHaveLength(2);
  });

  test('assigns no public address on launch in the public subnets', () => {
    const { template } = createBase();

    for (const subnet of Object.values(subnetsOfType(template, 'Public'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  test('spans maxAzs Availability Zones', () => {
    const { template, base } = createBase({ maxAzs: 3 }, { env: ENV });

    expect(Object.keys(subnetsOfType(template, 'Private'))).toHaveLength(3);
    expect(Object.keys(subnetsOfType(template, 'Isolated'))).toHaveLength(3);
    expect(base.availabilityZoneCount).toBe(3);
  });

  test('uses the named availabilityZones', () => {
    const { template, base } = createBase({ availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }, { env: { region: 'us-east-1' } });

    const zones = Object.values(subnetsOfType(template, 'Isolated')).map((subnet) => subnet.Properties.AvailabilityZone);
    expect(zones.sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(base.availabilityZoneCount).toBe(3);
  });

  test('warns when a stack without account and region limits the VPC to fewer than maxAzs zones', () => {
    const { stack, base } = createBase({ maxAzs: 3 });

    expect(base.availabilityZoneCount).toBe(2);
    Annotations.fromStack(stack).hasWarning('/BaseStack/Base', Match.stringLikeRegexp('maxAzs is 3 but the VPC spans 2 Availability Zones'));
  });

  test('uses vpcCidr', () => {
    const { template } = createBase({ vpcCidr: '10.42.0.0/16' });

    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.42.0.0/16' });
  });

  test.each([
    [undefined, 1],
    [2, 2],
  ])('has natGateways (%p) NAT gateways, %p by default', (natGateways, expected) => {
    const { template } = createBase({ natGateways });

    template.resourceCountIs('AWS::EC2::NatGateway', expected);
  });

  test('logs every flow to a KMS-encrypted log group', () => {
    const { template } = createBase();
    const keyId = logicalIdOf(template, 'AWS::KMS::Key');
    const flowLog = Object.values(template.findResources('AWS::EC2::FlowLog'))[0];
    const logGroupId = flowLog.Properties.LogGroupName.Ref;

    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    expect(flowLog.Properties).toMatchObject({
      ResourceId: { Ref: logicalIdOf(template, 'AWS::EC2::VPC') },
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  test('reaches S3 through a gateway endpoint from every subnet', () => {
    const { template } = createBase();

    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
    });
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(endpoint.Properties.RouteTableIds).toHaveLength(6);
  });

  test('closes the default security group', () => {
    const { template } = createBase();

    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });
});

describe('bringing your own vpc', () => {
  function ownVpcStack() {
    const app = new App();
    const stack = new Stack(app, 'BaseStack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'OwnVpc', {
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      natGateways: 2,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    return { stack, vpc };
  }

  test('puts everything in that vpc and creates no VPC, flow log or endpoint of its own', () => {
    const { stack, vpc } = ownVpcStack();
    const base = new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack), vpc });
    const template = Template.fromStack(stack);

    expect(base.vpc).toBe(vpc);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: vpc.isolatedSubnets.map((subnet) => stack.resolve(subnet.subnetId)),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Subnets: vpc.publicSubnets.map((subnet) => stack.resolve(subnet.subnetId)),
    });
  });

  test('fails when the vpc lacks isolated subnets', () => {
    const app = new App();
    const stack = new Stack(app, 'BaseStack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'OwnVpc', { availabilityZones: ['us-east-1a', 'us-east-1b'] });

    expect(() => new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack), vpc }))
      .toThrow(/vpc must have exactly one isolated subnet per Availability Zone \(2\); it has 0/);
  });

  test('fails when the vpc spans one Availability Zone', () => {
    const app = new App();
    const stack = new Stack(app, 'BaseStack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'OwnVpc', {
      availabilityZones: ['us-east-1a'],
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });

    expect(() => new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack), vpc }))
      .toThrow(/vpc spans 1 Availability Zone\(s\); use a VPC with subnets in at least 2/);
  });

  test('fails when props that shape the created VPC are given with vpc', () => {
    const { stack, vpc } = ownVpcStack();

    expect(() => new MateBaseInfra(stack, 'Base', {
      environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack), vpc, maxAzs: 3, natGateways: 2,
    })).toThrow(/maxAzs only shapes the VPC the base creates[\s\S]*natGateways only shapes the VPC the base creates/);
  });
});
