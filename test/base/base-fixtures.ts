import { App, Stack, type StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import { MateBaseInfra, type IMateBase, type MateBaseInfraProps } from '../../src/base';
import { CERTIFICATE_ARN } from '../fixtures';

export { CERTIFICATE_ARN };

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
