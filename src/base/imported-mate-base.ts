import { Fn, Lazy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BASE_DEFAULTS } from './base-defaults';
import { loadBalancerParameterName, readBaseParameter, readPublishedValue, type BaseParameter } from './base-parameters';
import type { IMateBase } from './mate-base';
import type { MateBaseImportOptions } from './mate-base-import-options';
import { checkedLoadBalancerCount, loadBalancerCountProblems, portProblems } from './validate-base-props';
import { DEFAULT_PREFIX, EnvironmentNames, isHostName } from '../naming';
import { throwIfProblems } from '../private/problems';

/**
 * An environment deployed elsewhere, seen from the stack this construct is in: every resource is read at deployment
 * from the SSM parameters the environment's `MateBaseInfra` publishes, so the stack carries no reference to the base
 * stack that CloudFormation could lock.
 *
 * The shared security groups are immutable views: a tenant joins them but never adds a rule to them.
 */
export class ImportedMateBase extends Construct implements IMateBase {
  public readonly environment: string;
  public readonly prefix: string;
  public readonly domainName: string;
  public readonly vpc: ec2.IVpc;
  public readonly availabilityZoneCount: number;
  public readonly cluster: ecs.ICluster;
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  public readonly httpsListener: elbv2.IApplicationListener;
  public readonly loadBalancers: elbv2.IApplicationLoadBalancer[] = [];
  public readonly httpsListeners: elbv2.IApplicationListener[] = [];
  public readonly hostedZone?: route53.IHostedZone;
  public readonly loadBalancerTargetSecurityGroup: ec2.ISecurityGroup;
  public readonly applicationPort: number;
  public readonly key: kms.IKey;
  public readonly alarmTopic: sns.ITopic;
  public readonly databaseSubnetGroup: rds.ISubnetGroup;
  public readonly cacheSubnetGroupName: string;
  public readonly repository: ecr.IRepository;
  public readonly tenantPlacementFunctionArn: string;

  /**
   * @param publishedHostedZoneName the zone name of an environment that publishes its hosted zone's id (a base of the
   * same app), read from its parameter instead of referencing the base's stack
   */
  constructor(scope: Construct, id: string, environment: string, options: MateBaseImportOptions, publishedHostedZoneName?: string) {
    super(scope, id);
    const names = new EnvironmentNames(options.prefix ?? DEFAULT_PREFIX, environment);
    const availabilityZoneCount = options.availabilityZoneCount ?? BASE_DEFAULTS.maxAzs;
    const problems = importProblems(names, availabilityZoneCount, options);
    throwIfProblems(`MateBaseInfra.fromEnvironmentName('${environment}')`, problems, this);

    // Parameters are read when a value is rendered, so a stack only gets the CloudFormation parameters it uses.
    const read = (parameter: BaseParameter) => Lazy.string({ produce: () => readBaseParameter(this, names, parameter) });
    const readLoadBalancer = (index: number, value: Parameters<typeof loadBalancerParameterName>[1]) =>
      Lazy.string({ produce: () => readPublishedValue(this, names, loadBalancerParameterName(index, value)) });
    const readList = (parameter: BaseParameter) => Fn.split(',', read(parameter), availabilityZoneCount);

    this.environment = environment;
    this.prefix = names.prefix;
    this.domainName = options.domainName ?? read('domainName');
    this.availabilityZoneCount = availabilityZoneCount;
    this.applicationPort = options.applicationPort ?? BASE_DEFAULTS.applicationPort;

    this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: read('vpcId'),
      availabilityZones: readList('availabilityZones'),
      privateSubnetIds: readList('privateSubnetIds'),
      isolatedSubnetIds: readList('isolatedSubnetIds'),
      // Without them every subnet warns that its route table is unknown; they are read only if a template uses them.
      privateSubnetRouteTableIds: readList('privateSubnetRouteTableIds'),
      isolatedSubnetRouteTableIds: readList('isolatedSubnetRouteTableIds'),
    });
    this.key = kms.Key.fromKeyArn(this, 'Key', read('keyArn'));

    this.cluster = ecs.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: names.cluster,
      vpc: this.vpc,
      // Services with ECS Exec get permissions for exactly this key and log group.
      executeCommandConfiguration: {
        kmsKey: this.key,
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: {
          cloudWatchLogGroup: logs.LogGroup.fromLogGroupName(this, 'ExecuteCommandLogGroup', read('executeCommandLogGroupName')),
          cloudWatchEncryptionEnabled: true,
        },
      },
    });

    // The load balancers' shared group: its egress is managed by the base alone, and listeners never change it.
    const loadBalancerSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'LoadBalancerSecurityGroup',
      read('loadBalancerSecurityGroupId'), { mutable: false, allowAllOutbound: false });
    for (let index = 0; index < (options.loadBalancers ?? BASE_DEFAULTS.loadBalancers); index++) {
      // The first load balancer's constructs keep the ids they had before environments could have several.
      const suffix = index === 0 ? '' : `${index + 1}`;
      this.loadBalancers.push(elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(this, `LoadBalancer${suffix}`, {
        loadBalancerArn: readLoadBalancer(index, 'arn'),
        loadBalancerDnsName: readLoadBalancer(index, 'dnsName'),
        loadBalancerCanonicalHostedZoneId: readLoadBalancer(index, 'canonicalHostedZoneId'),
        securityGroupId: read('loadBalancerSecurityGroupId'),
        // Declaring the group open makes CDK add no egress rule to it.
        securityGroupAllowsAllOutbound: true,
        vpc: this.vpc,
      }));
      this.httpsListeners.push(elbv2.ApplicationListener.fromApplicationListenerAttributes(this, `HttpsListener${suffix}`, {
        listenerArn: readLoadBalancer(index, 'httpsListenerArn'),
        defaultPort: 443,
        securityGroup: loadBalancerSecurityGroup,
      }));
    }
    this.loadBalancer = this.loadBalancers[0];
    this.httpsListener = this.httpsListeners[0];
    this.hostedZone = publishedHostedZoneName === undefined ? options.hostedZone
      : route53.HostedZone.fromHostedZoneAttributes(this, 'HostedZone', { hostedZoneId: read('hostedZoneId'), zoneName: publishedHostedZoneName });
    this.loadBalancerTargetSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'LoadBalancerTargetSecurityGroup',
      read('loadBalancerTargetSecurityGroupId'), { mutable: false, allowAllOutbound: false });

    this.alarmTopic = sns.Topic.fromTopicArn(this, 'AlarmTopic', read('alarmTopicArn'));
    this.databaseSubnetGroup = rds.SubnetGroup.fromSubnetGroupName(this, 'DatabaseSubnetGroup', read('databaseSubnetGroupName'));
    this.cacheSubnetGroupName = read('cacheSubnetGroupName');
    this.tenantPlacementFunctionArn = read('tenantPlacementFunctionArn');
    this.repository = ecr.Repository.fromRepositoryAttributes(this, 'Repository', {
      repositoryArn: read('repositoryArn'),
      repositoryName: read('repositoryName'),
    });
  }
}

function importProblems(names: EnvironmentNames, availabilityZoneCount: number, options: MateBaseImportOptions): string[] {
  const problems = [...names.problems(checkedLoadBalancerCount(options.loadBalancers)), ...loadBalancerCountProblems(options.loadBalancers)];
  if (!Number.isInteger(availabilityZoneCount) || availabilityZoneCount < 2 || availabilityZoneCount > 6) {
    problems.push(`availabilityZoneCount ${availabilityZoneCount} must be the number of Availability Zones of the environment's VPC, a whole number from 2 to 6`);
  }
  problems.push(...portProblems('applicationPort', options.applicationPort));
  if (options.domainName !== undefined && !Token.isUnresolved(options.domainName) && !isHostName(options.domainName)) {
    problems.push(`domainName '${options.domainName}' must be a DNS name of dot-separated lower-case labels, such as 'mate.example.com'`);
  }
  return problems;
}
