/**
 * The environment of the hand-written benchmark app, written directly with aws-cdk-lib the way a team without MATE
 * would: what a tenant needs is passed as object references, so CDK turns them into cross-stack exports.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface HandWrittenBaseStackProps extends StackProps {
  readonly environmentName: string;
  readonly domainName: string;
  /** One load balancer per 100 tenants: an ALB takes at most 100 target groups. */
  readonly loadBalancers: number;
}

/** The port the Django containers listen on. */
export const APPLICATION_PORT = 8000;

export class HandWrittenBaseStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly cluster: ecs.Cluster;
  public readonly key: kms.Key;
  public readonly alarmTopic: sns.Topic;
  public readonly repository: ecr.Repository;
  public readonly databaseSubnetGroup: rds.SubnetGroup;
  public readonly cacheSubnetGroup: elasticache.CfnSubnetGroup;
  public readonly httpsListeners: elbv2.ApplicationListener[] = [];

  constructor(scope: Construct, id: string, props: HandWrittenBaseStackProps) {
    super(scope, id, props);
    const env = props.environmentName;

    this.key = new kms.Key(this, 'Key', { enableKeyRotation: true, alias: `mate-${env}`, removalPolicy: RemovalPolicy.RETAIN });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', {
        encryptionKey: this.key,
        retention: logs.RetentionDays.ONE_YEAR,
      })),
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      clusterName: `mate-${env}`,
      enableFargateCapacityProviders: true,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });

    this.alarmTopic = new sns.Topic(this, 'Alarms', { topicName: `mate-${env}-alarms`, masterKey: this.key, enforceSSL: true });
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: `mate-${env}`,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ maxImageCount: 100 }],
    });

    this.databaseSubnetGroup = new rds.SubnetGroup(this, 'DatabaseSubnets', {
      vpc: this.vpc,
      description: `Tenant databases of ${env}`,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    this.cacheSubnetGroup = new elasticache.CfnSubnetGroup(this, 'CacheSubnets', {
      description: `Tenant caches of ${env}`,
      subnetIds: this.vpc.isolatedSubnets.map((subnet) => subnet.subnetId),
    });

    const zone = route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: 'Z0123456789EXAMPLE',
      zoneName: 'example.com',
    });
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: `*.${props.domainName}`,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const webAcl = this.webAcl(env);
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });

    accessLogs.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogs.arnForObjects('alb-*')],
    }));

    // Egress stays open so that each tenant's target adds only an ingress rule to its own group, in its own stack.
    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', { vpc: this.vpc, allowAllOutbound: true });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, redirected');

    for (let index = 0; index < props.loadBalancers; index++) {
      const loadBalancer = new elbv2.ApplicationLoadBalancer(this, `LoadBalancer${index}`, {
        vpc: this.vpc,
        internetFacing: true,
        securityGroup: albSecurityGroup,
        dropInvalidHeaderFields: true,
      });
      // logAccessLogs() needs a concrete region; the service principal works in every region that supports it.
      loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
      loadBalancer.setAttribute('access_logs.s3.bucket', accessLogs.bucketName);
      loadBalancer.setAttribute('access_logs.s3.prefix', `alb-${index}`);
      this.httpsListeners.push(loadBalancer.addListener('Https', {
        port: 443,
        certificates: [certificate],
        sslPolicy: elbv2.SslPolicy.TLS13_RES,
        defaultAction: elbv2.ListenerAction.fixedResponse(404),
        open: false,
      }));
      loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
      new wafv2.CfnWebACLAssociation(this, `WebAclAssociation${index}`, {
        resourceArn: loadBalancer.loadBalancerArn,
        webAclArn: webAcl.attrArn,
      });
      new route53.ARecord(this, `TenantsRecord${index}`, {
        zone,
        recordName: index === 0 ? `*.${props.domainName}` : `*.lb${index}.${props.domainName}`,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(loadBalancer)),
      });
    }
  }

  private webAcl(env: string): wafv2.CfnWebACL {
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `mate-${env}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `mate-${env}` },
      rules: [
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
        managed('AWSManagedRulesAmazonIpReputationList', 3),
        {
          name: 'RateLimit',
          priority: 10,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'RateLimit' },
        },
      ],
    });
    const wafLogs = new logs.LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-mate-${env}`,
      encryptionKey: this.key,
      retention: logs.RetentionDays.ONE_YEAR,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: webAcl.attrArn,
      logDestinationConfigs: [wafLogs.logGroupArn],
    });
    return webAcl;
  }
}
