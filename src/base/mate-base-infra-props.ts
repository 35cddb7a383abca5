import type { Duration } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as route53 from 'aws-cdk-lib/aws-route53';

/**
 * Properties of the shared platform of one MATE environment.
 */
export interface MateBaseInfraProps {
  /**
   * Name of the environment, a lower-case DNS label such as `dev`, `staging` or `prod`. It is part of every name:
   * the ECS cluster is `<prefix>-<environment>`, tenant services are `<prefix>-<tenantId>-<environment>-django`.
   */
  readonly environment: string;

  /**
   * Domain under which tenants are served, at `<tenantId>.<domainName>` (for example `mate.example.com` serves tenant
   * `demo` at `demo.mate.example.com`).
   */
  readonly domainName: string;

  /**
   * The certificate of the HTTPS listener. It must cover `*.<domainName>`.
   *
   * @default - a wildcard certificate for `*.<domainName>` is created and DNS-validated in `hostedZone`; one of
   * `certificate` and `hostedZone` is required
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The public hosted zone of `domainName` (or of a parent domain). When given, the base creates a wildcard alias
   * record `*.<domainName>` to the load balancer, so every tenant is reachable without a DNS change of its own, and
   * (without `certificate`) a DNS-validated wildcard certificate.
   *
   * @default - no DNS records are created; point `*.<domainName>` at the load balancer yourself (output
   * `AlbDnsName`), and `certificate` is required
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Prefix of every derived name, a lower-case DNS label.
   *
   * @default 'mate'
   */
  readonly prefix?: string;

  /**
   * Your own VPC instead of the one the base creates. It needs public subnets (for the load balancer), private
   * subnets with egress (for services) and isolated subnets (for databases and caches), one of each per Availability
   * Zone, in at least two Availability Zones. Flow logs and the S3 gateway endpoint are then yours to configure.
   *
   * @default - a VPC with public, private-with-egress and isolated subnets in `maxAzs` Availability Zones, VPC flow
   * logs to a KMS-encrypted log group and an S3 gateway endpoint
   */
  readonly vpc?: ec2.IVpc;

  /**
   * IPv4 address range of the VPC the base creates. Pick distinct ranges for environments you may peer.
   *
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;

  /**
   * How many Availability Zones the VPC the base creates spans; at least 2. In a stack without an explicit
   * account and region CDK can only use 2.
   *
   * @default 2
   */
  readonly maxAzs?: number;

  /**
   * The Availability Zones of the VPC the base creates, instead of `maxAzs`, for example to pin zones that offer the
   * instance types your tiers use. They must be zones of the stack's region.
   *
   * @default - the first `maxAzs` Availability Zones of the stack's region
   */
  readonly availabilityZones?: string[];

  /**
   * How many NAT gateways the VPC the base creates has. One is cheapest but makes egress of every Availability Zone
   * depend on one zone; one per Availability Zone (`maxAzs`) is resilient to the loss of a zone and is the choice
   * for production.
   *
   * @default 1
   */
  readonly natGateways?: number;

  /**
   * The port on which web containers listen. The load balancer may reach `loadBalancerTargetSecurityGroup` on this
   * port only.
   *
   * @default 8000
   */
  readonly applicationPort?: number;

  /**
   * TLS security policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.TLS13_RES (TLS 1.3 and TLS 1.2 with forward-secret AES-GCM ciphers only)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Whether the load balancer is protected from deletion.
   *
   * @default - true, except for the environments named `dev`, `test` and `sandbox`, which are meant to be torn down
   */
  readonly loadBalancerDeletionProtection?: boolean;

  /**
   * How many internet-facing load balancers the environment has, from 1 to 10. Each holds at most 100 tenants (an
   * Application Load Balancer takes at most 100 target groups), so an environment of more than 100 tenants needs
   * more than one; a tenant picks its load balancer with `loadBalancerIndex`.
   *
   * Raising it only adds load balancers (`<prefix>-<environment>-2`, `-3`, ...): no tenant moves. Lowering it removes
   * the last ones, so move their tenants first. Every load balancer has the same listeners, certificate, security
   * group and web ACL, and writes its access logs to the same bucket.
   *
   * @default 1
   */
  readonly loadBalancers?: number;

  /**
   * How long load balancer access logs are kept in their bucket.
   *
   * @default Duration.days(365)
   */
  readonly accessLogRetention?: Duration;

  /**
   * How many requests one client IP address may make in 5 minutes before WAF blocks it, from 10 to 2,000,000,000.
   *
   * @default 2000
   */
  readonly wafRateLimit?: number;

  /**
   * Retention of the environment's log groups (VPC flow logs, WAF logs, ECS Exec sessions).
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * E-mail addresses subscribed to the alarm topic. Each address must confirm its subscription.
   *
   * @default - no subscriptions; subscribe to `alarmTopic` yourself
   */
  readonly alarmEmails?: string[];

  /**
   * How many images the ECR repository keeps; older ones expire. Untagged images always expire after 7 days.
   *
   * @default 100
   */
  readonly maxImageCount?: number;

  /**
   * Whether the environment gets its CloudWatch dashboard `<prefix>-<environment>`: load balancer requests, 5xx
   * responses and latency, WAF blocked vs allowed requests, the cluster's CPU, memory and running tasks, and a tenant
   * selector showing any one tenant's services, requests, database and cache. Each tenant has alarms of its own
   * (`MateTenant`'s `monitoring`) and, only if asked for, a dashboard of its own (`MateTenant`'s `dashboard`).
   *
   * @default true
   */
  readonly dashboard?: boolean;
}
