import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { EnvironmentNames } from '../naming';

/** The AWS managed rule groups in front of every tenant, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** How the environment's web ACL is built. */
export interface EnvironmentWebAclProps {
  readonly names: EnvironmentNames;
  /** Every load balancer of the environment: the web ACL covers them all. */
  readonly loadBalancers: elbv2.IApplicationLoadBalancer[];
  readonly rateLimit: number;
  readonly key: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The regional WAF web ACL on every load balancer of the environment: a per-client-IP rate limit first (cheapest to evaluate, stops floods
 * before the managed rules are billed), then the AWS managed rule groups, every request logged.
 */
export class EnvironmentWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EnvironmentWebAclProps) {
    super(scope, id);
    const metricPrefix = props.names.webAcl;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.names.webAcl,
      description: `Every tenant of MATE environment ${props.names.environment}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(metricPrefix),
      rules: [
        {
          name: 'RateLimitPerClientIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility(`${metricPrefix}-RateLimitPerClientIp`),
        },
        ...MANAGED_RULE_GROUPS.map((groupName, index) => ({
          name: groupName,
          priority: index + 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: groupName } },
          visibilityConfig: visibility(`${metricPrefix}-${groupName}`),
        })),
      ],
    });

    props.loadBalancers.forEach((loadBalancer, index) => {
      // The first association keeps the id it had when environments had one load balancer.
      new wafv2.CfnWebACLAssociation(this, index === 0 ? 'Association' : `Association${index + 1}`, {
        resourceArn: loadBalancer.loadBalancerArn,
        webAclArn: this.webAcl.attrArn,
      });
    });

    // WAF only logs to destinations whose name starts with `aws-waf-logs-`.
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.names.wafLogGroup,
      encryptionKey: props.key,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group's ARN without the `:*` suffix of `logGroupArn`.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: this.logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      // Session cookies and credentials stay out of the logs.
      redactedFields: [
        { singleHeader: { Name: 'authorization' } },
        { singleHeader: { Name: 'cookie' } },
      ],
    });
  }
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}
