import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MateBaseInfra } from '../../src/base';
import { createBase, DEFAULT_HTTPS_LISTENER, logicalIdOf, securityGroupRules } from '../fixtures';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const ASSOCIATION = 'AWS::WAFv2::WebACLAssociation';
const LOAD_BALANCER_NAMES = ['mate-dev', 'mate-dev-2', 'mate-dev-3'];
const PUBLISHED_VALUES = ['arn', 'canonical-hosted-zone-id', 'dns-name', 'https-listener-arn'];

/** The logical id of the load balancer named `name`. */
function loadBalancerId(template: Template, name: string): string {
  return logicalIdOf(template, LOAD_BALANCER, { Name: name });
}

/** The logical id of the listener on `port` of the load balancer named `name`. */
function listenerId(template: Template, name: string, port: number): string {
  return logicalIdOf(template, LISTENER, { LoadBalancerArn: { Ref: loadBalancerId(template, name) }, Port: port });
}

/** The logical id of the web ACL association of the load balancer named `name`. */
function associationId(template: Template, name: string): string {
  return logicalIdOf(template, ASSOCIATION, { ResourceArn: { Ref: loadBalancerId(template, name) } });
}

/** The published SSM parameters by name, below `/mate/dev/`. */
function parameters(template: Template): Record<string, any> {
  return Object.fromEntries(Object.values(template.findResources('AWS::SSM::Parameter'))
    .map((parameter) => [parameter.Properties.Name.replace(/^\/mate\/dev\//, ''), parameter.Properties]));
}

/** Every rule of security group `groupId`, inline and separate together. */
function rulesOf(template: Template, groupId: string) {
  const rules = securityGroupRules(template, groupId);
  return { ingress: [...rules.inlineIngress, ...rules.ingress], egress: [...rules.inlineEgress, ...rules.egress] };
}

function securityGroupIds(template: Template) {
  return {
    loadBalancer: logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: 'Load balancer of MATE environment dev' }),
    target: logicalIdOf(template, 'AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('^Web services of MATE environment dev') }),
  };
}

describe('an environment with the default of one load balancer', () => {
  const { template, base } = createBase();

  test('has one load balancer, mate-dev, with one web ACL association', () => {
    template.resourceCountIs(LOAD_BALANCER, 1);
    template.hasResourceProperties(LOAD_BALANCER, { Name: 'mate-dev' });
    template.resourceCountIs(LISTENER, 2);
    template.resourceCountIs(ASSOCIATION, 1);
    template.hasResourceProperties(ASSOCIATION, { ResourceArn: { Ref: loadBalancerId(template, 'mate-dev') } });
  });

  test('publishes no parameter of a second load balancer and outputs no AlbDnsName2', () => {
    expect(Object.keys(parameters(template)).filter((name) => /^load-balancer-\d+\//.test(name))).toEqual([]);
    expect(Object.keys(template.findOutputs('*')).filter((key) => key.startsWith('AlbDnsName'))).toEqual(['AlbDnsName']);
  });

  test('exposes its load balancer and listener as the only entries of loadBalancers and httpsListeners', () => {
    expect(base.loadBalancers).toEqual([base.loadBalancer]);
    expect(base.httpsListeners).toEqual([base.httpsListener]);
    expect(base.httpListeners).toEqual([base.httpListener]);
  });
});

describe('an environment with loadBalancers: 3', () => {
  const { template, base, stack } = createBase({ loadBalancers: 3 });

  test('has three load balancers, mate-dev, mate-dev-2 and mate-dev-3, alike', () => {
    template.resourceCountIs(LOAD_BALANCER, 3);
    const { loadBalancer: groupId } = securityGroupIds(template);
    const bucketId = logicalIdOf(template, 'AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireAccessLogs' })] } });
    for (const name of LOAD_BALANCER_NAMES) {
      template.hasResourceProperties(LOAD_BALANCER, {
        Name: name,
        Scheme: 'internet-facing',
        Type: 'application',
        // One shared group: a load balancer added later needs no new rule anywhere.
        SecurityGroups: [{ 'Fn::GetAtt': [groupId, 'GroupId'] }],
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'deletion_protection.enabled', Value: 'false' },
          { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: { Ref: bucketId } },
        ]),
      });
    }
    // The access-log bucket is the base's only bucket, whatever the number of load balancers.
    template.resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('gives each load balancer HTTPS on 443 with the one certificate, the SSL policy and a fixed 404', () => {
    template.resourceCountIs(LISTENER, 6);
    for (const name of LOAD_BALANCER_NAMES) {
      template.hasResourceProperties(LISTENER, {
        LoadBalancerArn: { Ref: loadBalancerId(template, name) },
        ...DEFAULT_HTTPS_LISTENER,
      });
    }
  });

  test('gives each load balancer HTTP on 80 redirected to HTTPS', () => {
    for (const name of LOAD_BALANCER_NAMES) {
      template.hasResourceProperties(LISTENER, {
        LoadBalancerArn: { Ref: loadBalancerId(template, name) },
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
      });
    }
  });

  test('associates every load balancer with the one web ACL', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs(ASSOCIATION, 3);
    const webAclArn = { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::WAFv2::WebACL'), 'Arn'] };
    for (const name of LOAD_BALANCER_NAMES) {
      template.hasResourceProperties(ASSOCIATION, { ResourceArn: { Ref: loadBalancerId(template, name) }, WebACLArn: webAclArn });
    }
  });

  test('keeps the same two security groups with the same rules as with one load balancer', () => {
    const ids = securityGroupIds(template);
    const one = createBase().template;
    const idsWithOne = securityGroupIds(one);

    template.resourceCountIs('AWS::EC2::SecurityGroup', Object.keys(one.findResources('AWS::EC2::SecurityGroup')).length);
    expect(ids).toEqual(idsWithOne);
    const loadBalancerRules = rulesOf(template, ids.loadBalancer);
    const targetRules = rulesOf(template, ids.target);
    expect(loadBalancerRules.ingress).toHaveLength(2);
    expect(loadBalancerRules.egress).toHaveLength(1);
    expect(targetRules.ingress).toHaveLength(1);
    expect([loadBalancerRules, targetRules]).toEqual([rulesOf(one, ids.loadBalancer), rulesOf(one, ids.target)]);
  });

  test('lets the access-log bucket policy grow by no statement', () => {
    const statementsOf = (withCount: Template) => Object.values(withCount.findResources('AWS::S3::BucketPolicy'))
      .map((policy) => policy.Properties.PolicyDocument.Statement);

    expect(statementsOf(template)).toEqual(statementsOf(createBase().template));
  });

  test('publishes the ARN, DNS name, hosted zone and HTTPS listener of load balancers 2 and 3', () => {
    const published = parameters(template);
    expect(Object.keys(published).filter((name) => /^load-balancer-\d+\//.test(name)).sort())
      .toEqual(['load-balancer-2', 'load-balancer-3'].flatMap((prefix) => PUBLISHED_VALUES.map((value) => `${prefix}/${value}`)));

    for (const [index, name] of [[2, 'mate-dev-2'], [3, 'mate-dev-3']] as const) {
      const id = loadBalancerId(template, name);
      const value = (of: string) => published[`load-balancer-${index}/${of}`];
      expect(value('arn').Value).toEqual({ Ref: id });
      expect(value('dns-name').Value).toEqual({ 'Fn::GetAtt': [id, 'DNSName'] });
      expect(value('canonical-hosted-zone-id').Value).toEqual({ 'Fn::GetAtt': [id, 'CanonicalHostedZoneID'] });
      expect(value('https-listener-arn').Value).toEqual({ Ref: listenerId(template, name, 443) });
      expect(value('arn').Type).toBe('String');
    }
  });

  test('publishes the first load balancer under the names it always had', () => {
    const published = parameters(template);
    const id = loadBalancerId(template, 'mate-dev');

    expect(published['load-balancer/arn'].Value).toEqual({ Ref: id });
    expect(published['load-balancer/dns-name'].Value).toEqual({ 'Fn::GetAtt': [id, 'DNSName'] });
    expect(published['load-balancer/https-listener-arn'].Value).toEqual({ Ref: listenerId(template, 'mate-dev', 443) });
  });

  test('outputs the DNS name of each load balancer', () => {
    expect(Object.keys(template.findOutputs('*')).filter((key) => key.startsWith('AlbDnsName')).sort())
      .toEqual(['AlbDnsName', 'AlbDnsName2', 'AlbDnsName3']);
    template.hasOutput('AlbDnsName', { Value: { 'Fn::GetAtt': [loadBalancerId(template, 'mate-dev'), 'DNSName'] } });
    template.hasOutput('AlbDnsName2', { Value: { 'Fn::GetAtt': [loadBalancerId(template, 'mate-dev-2'), 'DNSName'] } });
    template.hasOutput('AlbDnsName3', { Value: { 'Fn::GetAtt': [loadBalancerId(template, 'mate-dev-3'), 'DNSName'] } });
    template.hasOutput('HttpsListenerArn', { Value: { Ref: listenerId(template, 'mate-dev', 443) } });
  });

  test('exposes the three load balancers and their listeners in index order, the first as loadBalancer', () => {
    expect(base.loadBalancers).toHaveLength(3);
    expect(base.httpsListeners).toHaveLength(3);
    expect(base.httpListeners).toHaveLength(3);
    expect(base.loadBalancer).toBe(base.loadBalancers[0]);
    expect(base.httpsListener).toBe(base.httpsListeners[0]);
    expect(base.httpListener).toBe(base.httpListeners[0]);
    expect(base.loadBalancers.map((loadBalancer) => stack.resolve(loadBalancer.loadBalancerArn)))
      .toEqual(LOAD_BALANCER_NAMES.map((name) => ({ Ref: loadBalancerId(template, name) })));
    expect(base.httpsListeners.map((listener) => stack.resolve(listener.listenerArn)))
      .toEqual(LOAD_BALANCER_NAMES.map((name) => ({ Ref: listenerId(template, name, 443) })));
  });

  test('each load balancer after the first adds eight resources: itself, two listeners, a web ACL association, four parameters', () => {
    const resourceCount = (withCount: Template) => Object.keys(withCount.toJSON().Resources).length;

    expect(resourceCount(template) - resourceCount(createBase().template)).toBe(2 * 8);
  });
});

describe('the first load balancer', () => {
  test.each([2, 3, 10])('keeps its logical ids, its listeners\' and its web ACL association\'s with loadBalancers: %p', (loadBalancers) => {
    const idsOf = (template: Template) => ({
      loadBalancer: loadBalancerId(template, 'mate-dev'),
      https: listenerId(template, 'mate-dev', 443),
      http: listenerId(template, 'mate-dev', 80),
      association: associationId(template, 'mate-dev'),
    });
    const one = createBase().template;
    const several = createBase({ loadBalancers }).template;

    expect(idsOf(several)).toEqual(idsOf(one));
    expect(several.findResources(LOAD_BALANCER)[idsOf(several).loadBalancer]).toEqual(one.findResources(LOAD_BALANCER)[idsOf(one).loadBalancer]);
  });
});

describe('the tenants\' wildcard record', () => {
  test('stays one alias record, to the first load balancer, with several load balancers', () => {
    const stack = new Stack(new App(), 'BaseStack');
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', hostedZone, loadBalancers: 3 });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: '*.mate.example.com.',
      AliasTarget: { DNSName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [loadBalancerId(template, 'mate-dev'), 'DNSName'] }])] }) },
    });
  });
});
