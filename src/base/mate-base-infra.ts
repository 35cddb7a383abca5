import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { createAlarmTopic } from './alarm-topic';
import { BASE_DEFAULTS, DISPOSABLE_ENVIRONMENTS } from './base-defaults';
import { BaseParameterPublisher } from './base-parameters';
import { EnvironmentIngress } from './environment-ingress';
import { createEnvironmentKey } from './environment-key';
import { createEnvironmentVpc } from './environment-network';
import { EnvironmentWebAcl } from './environment-web-acl';
import { ImportedMateBase } from './imported-mate-base';
import type { IMateBase } from './mate-base';
import type { MateBaseImportOptions } from './mate-base-import-options';
import type { MateBaseInfraProps } from './mate-base-infra-props';
import { basePropsProblems } from './validate-base-props';
import { EnvironmentDashboard } from '../monitoring/environment-dashboard';
import { DEFAULT_PREFIX, EnvironmentNames } from '../naming';
import { TenantPlacement } from './tenant-placement';
import { AppRegistry } from '../private/app-registry';
import { throwIfProblems } from '../private/problems';
import { addCostAllocationTag } from '../tagging/cost-allocation-tags';

/**
 * The shared platform of one MATE environment (the seed's `terraform/base`): VPC, ECS cluster `<prefix>-<env>`,
 * internet-facing load balancer with WAF, KMS key, alarm topic, image repository and the subnet groups tenants put
 * their databases and caches in.
 *
 * Put it in a stack of its own. It publishes what tenants need as SSM parameters below `/<prefix>/<env>/`, so tenant
 * stacks (in this app or another, see `fromEnvironmentName`) attach without CloudFormation exports, and adding,
 * changing or removing a tenant never changes this stack.
 */
export class MateBaseInfra extends Construct implements IMateBase {
  /**
   * An existing environment, read from the SSM parameters its `MateBaseInfra` publishes, for tenant stacks deployed
   * separately from the base (another app, or another stack of this app).
   *
   * Values needed at synthesis come from `options` and must match the ones the environment was created with; every
   * resource is resolved at deployment from the environment's parameters.
   *
   * @param scope where the imported environment is defined (a construct in the tenant's stack)
   * @param id construct id of the imported environment
   * @param environment the environment's name, for example `dev`
   * @param options what must be known at synthesis
   */
  public static fromEnvironmentName(scope: Construct, id: string, environment: string, options: MateBaseImportOptions = {}): IMateBase {
    return new ImportedMateBase(scope, id, environment, options);
  }

  public readonly environment: string;
  public readonly prefix: string;
  public readonly domainName: string;
  public readonly vpc: ec2.IVpc;
  public readonly availabilityZoneCount: number;
  public readonly cluster: ecs.ICluster;
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  public readonly httpsListener: elbv2.IApplicationListener;
  public readonly loadBalancers: elbv2.IApplicationLoadBalancer[];
  public readonly httpsListeners: elbv2.IApplicationListener[];
  public readonly hostedZone?: route53.IHostedZone;
  public readonly loadBalancerTargetSecurityGroup: ec2.ISecurityGroup;
  public readonly applicationPort: number;
  public readonly key: kms.IKey;
  public readonly alarmTopic: sns.ITopic;
  public readonly databaseSubnetGroup: rds.ISubnetGroup;
  public readonly cacheSubnetGroupName: string;
  public readonly repository: ecr.IRepository;
  public readonly tenantPlacementFunctionArn: string;

  /** The HTTP listener on port 80 of the first load balancer, which redirects every request to HTTPS. */
  public readonly httpListener: elbv2.IApplicationListener;

  /** The HTTP listener on port 80 of each load balancer, in index order; each redirects every request to HTTPS. */
  public readonly httpListeners: elbv2.IApplicationListener[];

  /**
   * The load balancer's security group. Its rules are fixed: HTTPS and HTTP from anywhere, and traffic to
   * `loadBalancerTargetSecurityGroup` on `applicationPort`.
   */
  public readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;

  /** The certificate of the HTTPS listener. */
  public readonly certificate: acm.ICertificate;

  /** The WAF web ACL associated with every load balancer. */
  public readonly webAcl: wafv2.CfnWebACL;

  /** The bucket that receives the load balancer's access logs. */
  public readonly accessLogBucket: s3.IBucket;

  /** The log group of ECS Exec sessions. */
  public readonly executeCommandLogGroup: logs.ILogGroup;

  /** The SSM parameter path below which the environment publishes what tenants need, for example `/mate/dev/`. */
  public readonly parameterPath: string;

  /** The environment's CloudWatch dashboard `<prefix>-<environment>`; undefined when `dashboard` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MateBaseInfraProps) {
    super(scope, id);

    const names = new EnvironmentNames(props.prefix ?? DEFAULT_PREFIX, props.environment);
    const stack = Stack.of(this);
    const problems = basePropsProblems(props, names);
    // A stack that already holds an environment: its outputs and names would collide with a second one.
    const stacksWithEnvironment = AppRegistry.of(this).stacksWithEnvironment;
    if (stacksWithEnvironment.has(stack.node.path)) {
      problems.push(`stack ${stack.node.path} already holds a MateBaseInfra; put each environment in a stack of its own`);
    }
    throwIfProblems(`MateBaseInfra '${props.environment}'`, problems, this);
    stacksWithEnvironment.add(stack.node.path);

    this.environment = props.environment;
    this.prefix = names.prefix;
    this.domainName = props.domainName;
    this.applicationPort = props.applicationPort ?? BASE_DEFAULTS.applicationPort;
    this.parameterPath = names.parameterPath;
    const logRetention = props.logRetention ?? BASE_DEFAULTS.logRetention;

    const key = createEnvironmentKey(this, 'Key', names);
    this.key = key;

    this.vpc = props.vpc ?? createEnvironmentVpc(this, 'Vpc', {
      cidr: props.vpcCidr ?? BASE_DEFAULTS.vpcCidr,
      maxAzs: props.maxAzs ?? BASE_DEFAULTS.maxAzs,
      availabilityZones: props.availabilityZones,
      natGateways: props.natGateways ?? BASE_DEFAULTS.natGateways,
      key,
      logRetention,
    });
    this.availabilityZoneCount = this.vpc.availabilityZones.length;
    const requestedAzs = props.vpc ? undefined : props.availabilityZones?.length ?? props.maxAzs;
    if (requestedAzs !== undefined && requestedAzs > this.availabilityZoneCount) {
      Annotations.of(this).addWarningV2('@sociant/mate-infra:fewerAvailabilityZones',
        `maxAzs is ${requestedAzs} but the VPC spans ${this.availabilityZoneCount} Availability Zones: in a stack without an explicit account and region CDK can only use ${this.availabilityZoneCount}. Give the stack an explicit account and region or pass availabilityZones; tenants importing this environment by name pass availabilityZoneCount ${this.availabilityZoneCount}`);
    }
    const isolatedSubnets = this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });

    const databaseSubnetGroup = new rds.SubnetGroup(this, 'DatabaseSubnetGroup', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      subnetGroupName: names.databaseSubnetGroup,
      description: `Isolated subnets of MATE environment ${names.environment}, for tenant databases`,
    });
    this.databaseSubnetGroup = databaseSubnetGroup;
    const cacheSubnetGroup = new elasticache.CfnSubnetGroup(this, 'CacheSubnetGroup', {
      cacheSubnetGroupName: names.cacheSubnetGroup,
      description: `Isolated subnets of MATE environment ${names.environment}, for tenant caches`,
      subnetIds: isolatedSubnets.subnetIds,
    });
    this.cacheSubnetGroupName = cacheSubnetGroup.ref;

    const executeCommandLogGroup = new logs.LogGroup(this, 'ExecuteCommandLogGroup', {
      encryptionKey: key,
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.executeCommandLogGroup = executeCommandLogGroup;
    const cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: names.cluster,
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
      enableFargateCapacityProviders: true,
      executeCommandConfiguration: {
        kmsKey: key,
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: { cloudWatchLogGroup: executeCommandLogGroup, cloudWatchEncryptionEnabled: true },
      },
    });
    this.cluster = cluster;

    const ingress = new EnvironmentIngress(this, 'Ingress', {
      names,
      vpc: this.vpc,
      domainName: props.domainName,
      certificate: props.certificate,
      hostedZone: props.hostedZone,
      applicationPort: this.applicationPort,
      sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.TLS13_RES,
      deletionProtection: props.loadBalancerDeletionProtection ?? !DISPOSABLE_ENVIRONMENTS.includes(names.environment),
      accessLogRetention: props.accessLogRetention ?? Duration.days(BASE_DEFAULTS.accessLogRetentionDays),
      loadBalancerCount: props.loadBalancers ?? BASE_DEFAULTS.loadBalancers,
    });
    this.loadBalancers = ingress.loadBalancers;
    this.httpsListeners = ingress.httpsListeners;
    this.httpListeners = ingress.httpListeners;
    this.loadBalancer = ingress.loadBalancers[0];
    this.httpsListener = ingress.httpsListeners[0];
    this.httpListener = ingress.httpListeners[0];
    this.hostedZone = props.hostedZone;
    this.loadBalancerSecurityGroup = ingress.securityGroup;
    this.loadBalancerTargetSecurityGroup = ingress.targetSecurityGroupView;
    this.certificate = ingress.certificate;
    this.accessLogBucket = ingress.accessLogBucket;

    this.webAcl = new EnvironmentWebAcl(this, 'Waf', {
      names,
      loadBalancers: ingress.loadBalancers,
      rateLimit: props.wafRateLimit ?? BASE_DEFAULTS.wafRateLimit,
      key,
      logRetention,
    }).webAcl;

    const alarmTopic = createAlarmTopic(this, 'AlarmTopic', names, key);
    for (const email of props.alarmEmails ?? []) {
      alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    this.alarmTopic = alarmTopic;

    const maxImageCount = props.maxImageCount ?? BASE_DEFAULTS.maxImageCount;
    const repository = new ecr.Repository(this, 'Repository', {
      repositoryName: names.repository,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      lifecycleRules: [
        {
          description: `Expire untagged images after ${BASE_DEFAULTS.untaggedImageExpiryDays} days`,
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(BASE_DEFAULTS.untaggedImageExpiryDays),
        },
        {
          description: `Keep the last ${maxImageCount} images`,
          tagStatus: ecr.TagStatus.ANY,
          maxImageCount,
        },
      ],
    });
    this.repository = repository;

    this.tenantPlacementFunctionArn = new TenantPlacement(this, 'TenantPlacement', {
      names,
      httpsListeners: ingress.httpsListeners,
      key,
      logRetention,
    }).function.functionArn;

    new BaseParameterPublisher(this, 'Parameters', names, {
      domainName: props.domainName,
      vpcId: this.vpc.vpcId,
      availabilityZones: this.vpc.availabilityZones.join(','),
      privateSubnetIds: this.vpc.privateSubnets.map((subnet) => subnet.subnetId).join(','),
      isolatedSubnetIds: this.vpc.isolatedSubnets.map((subnet) => subnet.subnetId).join(','),
      privateSubnetRouteTableIds: routeTableIds(this.vpc.privateSubnets),
      isolatedSubnetRouteTableIds: routeTableIds(this.vpc.isolatedSubnets),
      executeCommandLogGroupName: executeCommandLogGroup.logGroupName,
      loadBalancerArn: this.loadBalancer.loadBalancerArn,
      loadBalancerDnsName: this.loadBalancer.loadBalancerDnsName,
      loadBalancerCanonicalHostedZoneId: this.loadBalancer.loadBalancerCanonicalHostedZoneId,
      loadBalancerSecurityGroupId: ingress.securityGroup.securityGroupId,
      httpsListenerArn: this.httpsListener.listenerArn,
      loadBalancerTargetSecurityGroupId: ingress.targetSecurityGroup.securityGroupId,
      keyArn: key.keyArn,
      alarmTopicArn: alarmTopic.topicArn,
      databaseSubnetGroupName: databaseSubnetGroup.subnetGroupName,
      cacheSubnetGroupName: cacheSubnetGroup.ref,
      repositoryArn: repository.repositoryArn,
      repositoryName: repository.repositoryName,
      hostedZoneId: props.hostedZone?.hostedZoneId,
      tenantPlacementFunctionArn: this.tenantPlacementFunctionArn,
    }, ingress.loadBalancers.slice(1).map((loadBalancer, offset) => ({
      arn: loadBalancer.loadBalancerArn,
      dnsName: loadBalancer.loadBalancerDnsName,
      canonicalHostedZoneId: loadBalancer.loadBalancerCanonicalHostedZoneId,
      httpsListenerArn: ingress.httpsListeners[offset + 1].listenerArn,
    })));

    if (props.dashboard ?? true) {
      this.dashboard = new EnvironmentDashboard(this, 'Dashboard', {
        names,
        loadBalancers: ingress.loadBalancers,
        webAclMetricName: names.webAcl,
      }).dashboard;
    }

    this.addOutputs(names, ingress, repository);
    addCostAllocationTag(this, 'mate:environment', names.environment);
  }

  /**
   * Stack outputs with fixed logical ids, so operators find them by name (`AlbDnsName` is the seed's
   * `terraform output alb_dns_name`). None is exported: tenants read the SSM parameters instead.
   */
  private addOutputs(names: EnvironmentNames, ingress: EnvironmentIngress, repository: ecr.IRepository): void {
    const outputs: Array<[string, string, string]> = [
      ['AlbDnsName', this.loadBalancer.loadBalancerDnsName, 'DNS name of the (first) load balancer; point *.<domainName> at it'],
      ...ingress.loadBalancers.slice(1).map((loadBalancer, offset): [string, string, string] => [
        `AlbDnsName${offset + 2}`, loadBalancer.loadBalancerDnsName,
        `DNS name of load balancer ${names.loadBalancer(offset + 1)}; point the host names of its tenants at it`,
      ]),
      ['ClusterName', this.cluster.clusterName, 'Name of the ECS cluster'],
      ['HttpsListenerArn', this.httpsListener.listenerArn, 'ARN of the HTTPS listener that tenants add rules to'],
      ['RepositoryUri', repository.repositoryUri, 'URI of the ECR repository for the application image'],
      ['AlarmTopicArn', this.alarmTopic.topicArn, 'ARN of the SNS topic that receives every alarm of the environment'],
      ['ParameterPath', this.parameterPath, 'SSM parameter path under which the environment publishes what tenants need'],
    ];
    for (const [logicalId, value, description] of outputs) {
      new CfnOutput(this, logicalId, { value, description }).overrideLogicalId(logicalId);
    }
  }
}

/**
 * The subnets' route table ids, comma-separated, so that tenants import a complete VPC; undefined if a subnet of a VPC
 * the user imported has no route table id.
 */
function routeTableIds(subnets: ec2.ISubnet[]): string | undefined {
  const ids = subnets.map((subnet) => subnet.routeTable.routeTableId);
  return ids.every((id): id is string => id !== undefined) ? ids.join(',') : undefined;
}
