import type { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createAccessLogBucket, logAccessLogs } from './access-log-bucket';
import type { EnvironmentNames } from '../naming';
import { acknowledgeFindings, COMPLIANCE_PACKS, ruleIds } from '../security/acknowledge-findings';

/** How the environment's ingress is built. */
export interface EnvironmentIngressProps {
  readonly names: EnvironmentNames;
  readonly vpc: ec2.IVpc;
  readonly domainName: string;
  readonly certificate?: acm.ICertificate;
  readonly hostedZone?: route53.IHostedZone;
  readonly applicationPort: number;
  readonly sslPolicy: elbv2.SslPolicy;
  readonly deletionProtection: boolean;
  readonly accessLogRetention: Duration;
  /** How many load balancers to create, all alike. */
  readonly loadBalancerCount: number;
}

/**
 * The internet-facing load balancers of the environment, all alike: HTTPS on 443 with a default 404, HTTP on 80
 * redirected to HTTPS, access logs, and one security-group relationship to every tenant's web service.
 *
 * The first load balancer keeps the construct ids it had before environments could have several, so raising
 * `loadBalancers` adds resources and never replaces one. All share one security group, one certificate and one
 * access-log bucket: adding a load balancer adds no rule to any group.
 *
 * The load balancer, and so its listeners, see their security group through an immutable view: CDK adds an egress
 * rule to the load balancer's group for every target group attached to a listener, which would give the shared group
 * one rule per tenant (60-rule quota). The base writes the group's rules itself instead: ingress on 80 and 443, and
 * egress only to `targetSecurityGroup` on the application port.
 */
export class EnvironmentIngress extends Construct {
  /** Every load balancer, in index order. */
  public readonly loadBalancers: elbv2.ApplicationLoadBalancer[] = [];
  /** The HTTPS listener of each load balancer, in the same order. */
  public readonly httpsListeners: elbv2.ApplicationListener[] = [];
  /** The HTTP (redirecting) listener of each load balancer, in the same order. */
  public readonly httpListeners: elbv2.ApplicationListener[] = [];
  public readonly certificate: acm.ICertificate;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly targetSecurityGroup: ec2.SecurityGroup;
  /** `targetSecurityGroup` as tenants see it: joining it never adds a rule to it. */
  public readonly targetSecurityGroupView: ec2.ISecurityGroup;
  public readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EnvironmentIngressProps) {
    super(scope, id);
    const { names, vpc, applicationPort } = props;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Load balancer of MATE environment ${names.environment}`,
      allowAllOutbound: false,
    });
    this.targetSecurityGroup = new ec2.SecurityGroup(this, 'TargetSecurityGroup', {
      vpc,
      description: `Web services of MATE environment ${names.environment}, reachable from its load balancer`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet, redirected to HTTPS');
    this.securityGroup.addEgressRule(this.targetSecurityGroup, ec2.Port.tcp(applicationPort), 'To the web services of every tenant');
    this.targetSecurityGroup.addIngressRule(this.securityGroup, ec2.Port.tcp(applicationPort), 'From the load balancer');
    acknowledgeFindings(this.securityGroup, ruleIds(['awsSolutions'], 'EC23'),
      'The internet-facing load balancer of a public SaaS must accept HTTP (redirected) and HTTPS from any address; WAF filters the traffic.');
    this.targetSecurityGroupView = ec2.SecurityGroup.fromSecurityGroupId(this, 'TargetSecurityGroupView',
      this.targetSecurityGroup.securityGroupId, { mutable: false, allowAllOutbound: false });

    this.accessLogBucket = createAccessLogBucket(this, 'AccessLogBucket', props.accessLogRetention);
    this.certificate = props.certificate ?? new acm.Certificate(this, 'Certificate', {
      domainName: `*.${props.domainName}`,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });
    // Listeners see the group through an immutable view too, so no target adds an egress rule to it.
    const securityGroupView = ec2.SecurityGroup.fromSecurityGroupId(this, 'SecurityGroupView',
      this.securityGroup.securityGroupId, { mutable: false, allowAllOutbound: false });
    for (let index = 0; index < props.loadBalancerCount; index++) {
      this.addLoadBalancer(index, securityGroupView, props);
    }

    if (props.hostedZone) {
      new route53.ARecord(this, 'TenantsAliasRecord', {
        zone: props.hostedZone,
        recordName: `*.${props.domainName}.`,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancers[0])),
        comment: `Every tenant of MATE environment ${names.environment}`,
      });
    }
  }

  /** Load balancer `index`: the first keeps the ids `LoadBalancer`, `LoadBalancer/Https`, ...; the next are `LoadBalancer2`, ... */
  private addLoadBalancer(index: number, securityGroup: ec2.ISecurityGroup, props: EnvironmentIngressProps): void {
    const { names } = props;
    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, index === 0 ? 'LoadBalancer' : `LoadBalancer${index + 1}`, {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      internetFacing: true,
      loadBalancerName: names.loadBalancer(index),
      securityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection,
    });
    if (!props.deletionProtection) {
      acknowledgeFindings(loadBalancer, ruleIds(['hipaa', 'nist'], 'ELBDeletionProtectionEnabled'),
        'Deletion protection is off only in a disposable environment (dev, test, sandbox) or where loadBalancerDeletionProtection is explicitly false; production-like environments keep it on.');
    }
    logAccessLogs(loadBalancer, this.accessLogBucket);

    const httpsListener = loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(this.certificate)],
      sslPolicy: props.sslPolicy,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
    });
    const httpListener = loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    acknowledgeFindings(httpListener, ruleIds(COMPLIANCE_PACKS, 'ELBv2ACMCertificateRequired'),
      'The HTTP listener serves no content: it answers every request with a permanent redirect to HTTPS.');

    this.loadBalancers.push(loadBalancer);
    this.httpsListeners.push(httpsListener);
    this.httpListeners.push(httpListener);
  }
}
