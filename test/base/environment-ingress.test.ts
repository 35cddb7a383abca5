import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MateBaseInfra } from '../../src/base';
import { addTenantLikeService, createBase, DEFAULT_HTTPS_LISTENER, logicalIdOf, securityGroupRules } from '../fixtures';

const MATCH_NO_TRAFFIC = { CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86, Description: 'Disallow all traffic' };

function securityGroupIds(template: Template) {
  return {
    loadBalancer: logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: 'Load balancer of MATE environment dev' }),
    target: logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^Web services of MATE environment dev') }),
  };
}

describe('the load balancer', () => {
  test('is internet-facing in the public subnets, named <prefix>-<environment>, and drops invalid header fields', () => {
    const { template } = createBase();

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'mate-dev',
      Scheme: 'internet-facing',
      Type: 'application',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
  });

  test.each([
    ['dev', 'false'],
    ['test', 'false'],
    ['sandbox', 'false'],
    ['staging', 'true'],
    ['prod', 'true'],
  ])('in environment %p has deletion protection %p by default', (environment, protection) => {
    const { template } = createBase({ environment });

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: protection }]),
    });
  });

  test.each([
    ['dev', true, 'true'],
    ['prod', false, 'false'],
  ])('in environment %p follows loadBalancerDeletionProtection %p', (environment, loadBalancerDeletionProtection, protection) => {
    const { template } = createBase({ environment, loadBalancerDeletionProtection });

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: protection }]),
    });
  });
});

describe('the listeners', () => {
  test('serve HTTPS on 443 with the certificate, a TLS 1.3 policy and a fixed 404 by default', () => {
    const { template } = createBase();

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', DEFAULT_HTTPS_LISTENER);
  });

  test('use sslPolicy', () => {
    const { template } = createBase({ sslPolicy: elbv2.SslPolicy.TLS13_13 });

    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
  });

  test('redirect HTTP on 80 to HTTPS with 301', () => {
    const { template } = createBase();

    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });
});

describe('the certificate and DNS', () => {
  function zoneStack() {
    const app = new App();
    const stack = new Stack(app, 'BaseStack');
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    return { stack, hostedZone };
  }

  test('without certificate, a wildcard certificate is DNS-validated in hostedZone and used by the HTTPS listener', () => {
    const { stack, hostedZone } = zoneStack();
    new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', hostedZone });
    const template = Template.fromStack(stack);
    const certificateId = logicalIdOf(template, 'AWS::CertificateManager::Certificate');

    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.mate.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: '*.mate.example.com', HostedZoneId: 'Z0123456789' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Certificates: [{ CertificateArn: { Ref: certificateId } }] });
  });

  test('with hostedZone, every tenant host name points at the load balancer', () => {
    const { stack, hostedZone } = zoneStack();
    new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', hostedZone });
    const template = Template.fromStack(stack);
    const loadBalancerId = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');

    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: '*.mate.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789',
      AliasTarget: { DNSName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [loadBalancerId, 'DNSName'] }])] }) },
    });
  });

  test('with certificate, no certificate is created and without hostedZone no record either', () => {
    const { template } = createBase();

    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });
});

describe('the shared security groups', () => {
  test('let the load balancer accept HTTP and HTTPS and reach only the target group, on applicationPort', () => {
    const { template } = createBase();
    const ids = securityGroupIds(template);
    const loadBalancer = securityGroupRules(template, ids.loadBalancer);

    expect(loadBalancer.inlineIngress).toEqual([
      { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'HTTPS from the internet' },
      { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Description: 'HTTP from the internet, redirected to HTTPS' },
    ]);
    expect(loadBalancer.ingress).toEqual([]);
    // CloudFormation drops the default allow-all egress rule once the group has any other egress rule.
    expect(loadBalancer.inlineEgress).toEqual([]);
    expect(loadBalancer.egress).toEqual([{
      GroupId: { 'Fn::GetAtt': [ids.loadBalancer, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [ids.target, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 8000,
      ToPort: 8000,
      Description: 'To the web services of every tenant',
    }]);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { SecurityGroups: [{ 'Fn::GetAtt': [ids.loadBalancer, 'GroupId'] }] });
  });

  test('let the target group accept the load balancer only, on applicationPort', () => {
    const { template } = createBase({ applicationPort: 9000 });
    const ids = securityGroupIds(template);
    const target = securityGroupRules(template, ids.target);

    expect(target.inlineIngress).toEqual([]);
    expect(target.ingress).toEqual([{
      GroupId: { 'Fn::GetAtt': [ids.target, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [ids.loadBalancer, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 9000,
      ToPort: 9000,
      Description: 'From the load balancer',
    }]);
    expect(target.inlineEgress).toEqual([MATCH_NO_TRAFFIC]);
    expect(target.egress).toEqual([]);
  });

  test('gain no rule when tenants in the base stack join the target group behind the listener', () => {
    const before = createBase().template;
    const ids = securityGroupIds(before);
    const rulesBefore = [securityGroupRules(before, ids.loadBalancer), securityGroupRules(before, ids.target)];

    const after = createBase({}, {}, true, (base, stack) => {
      addTenantLikeService(stack, base, 'demo', 10);
      addTenantLikeService(stack, base, 'acme', 20);
    }).template;

    expect([securityGroupRules(after, ids.loadBalancer), securityGroupRules(after, ids.target)]).toEqual(rulesBefore);
    after.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 2);
  });
});
