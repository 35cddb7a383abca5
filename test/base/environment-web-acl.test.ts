import { Match } from 'aws-cdk-lib/assertions';
import { createBase, logicalIdOf } from '../fixtures';

describe('the WAF web ACL', () => {
  test('is regional, allows by default and is associated with the load balancer', () => {
    const { template } = createBase();
    const webAclId = logicalIdOf(template, 'AWS::WAFv2::WebACL');

    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: 'mate-dev',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'mate-dev' },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer') },
      WebACLArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
    });
  });

  test.each([
    'AWSManagedRulesCommonRuleSet',
    'AWSManagedRulesKnownBadInputsRuleSet',
    'AWSManagedRulesSQLiRuleSet',
    'AWSManagedRulesAmazonIpReputationList',
  ])('applies the AWS managed rule group %s', (groupName) => {
    const { template } = createBase();

    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({
        Name: groupName,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: groupName } },
        VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: `mate-dev-${groupName}` },
      })]),
    });
  });

  test.each([
    [undefined, 2000],
    [500, 500],
  ])('blocks a client IP address above wafRateLimit (%p) requests in 5 minutes, before the managed rules', (wafRateLimit, limit) => {
    const { template } = createBase({ wafRateLimit });
    const rules = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules;

    expect(rules[0]).toEqual({
      Name: 'RateLimitPerClientIp',
      Priority: 0,
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: limit, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'mate-dev-RateLimitPerClientIp' },
    });
    expect(rules).toHaveLength(5);
    expect(new Set(rules.map((rule: any) => rule.Priority)).size).toBe(5);
  });

  test('logs to a KMS-encrypted aws-waf-logs- log group, without credentials or cookies', () => {
    const { template } = createBase();
    const keyId = logicalIdOf(template, 'AWS::KMS::Key');
    const logGroupId = logicalIdOf(template, 'AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-mate-dev' });

    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: { LogGroupName: 'aws-waf-logs-mate-dev', KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 365 },
    });
    template.hasResource('AWS::WAFv2::LoggingConfiguration', {
      Properties: {
        ResourceArn: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::WAFv2::WebACL'), 'Arn'] },
        LogDestinationConfigs: [{
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: logGroupId }]],
        }],
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      },
    });
  });
});
