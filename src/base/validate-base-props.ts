import { Token } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { BASE_DEFAULTS } from './base-defaults';
import { MAX_LOAD_BALANCERS, TENANTS_PER_LOAD_BALANCER } from './load-balancer-quotas';
import type { MateBaseInfraProps } from './mate-base-infra-props';
import { EnvironmentNames, isHostName } from '../naming';

const MIN_AZS = 2;
const MIN_WAF_RATE_LIMIT = 10;
const MAX_WAF_RATE_LIMIT = 2_000_000_000;
const MAX_ECR_IMAGE_COUNT = 10_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Every problem with the props of a `MateBaseInfra`, each naming the prop and the fix. Values that are unresolved
 * tokens are not checked.
 */
export function basePropsProblems(props: MateBaseInfraProps, names: EnvironmentNames): string[] {
  return [
    ...(Token.isUnresolved(names.prefix) || Token.isUnresolved(names.environment)
      ? tokenNameProblems(names)
      : names.problems(checkedLoadBalancerCount(props.loadBalancers))),
    ...domainProblems(props),
    ...networkProblems(props),
    ...portProblems('applicationPort', props.applicationPort),
    ...loadBalancerCountProblems(props.loadBalancers),
    ...integerProblems('wafRateLimit', props.wafRateLimit, MIN_WAF_RATE_LIMIT, MAX_WAF_RATE_LIMIT, 'requests per 5 minutes per client IP address'),
    ...integerProblems('maxImageCount', props.maxImageCount, 1, MAX_ECR_IMAGE_COUNT, 'images'),
    ...(props.alarmEmails ?? [])
      .filter((email) => !Token.isUnresolved(email) && !EMAIL.test(email))
      .map((email) => `alarmEmails: '${email}' is not an e-mail address; give addresses such as 'ops@example.com'`),
  ];
}

/** How many load balancer names to check the length of: the requested count when it is valid. */
export function checkedLoadBalancerCount(loadBalancers: number | undefined): number {
  return loadBalancerCountProblems(loadBalancers).length === 0 ? loadBalancers ?? BASE_DEFAULTS.loadBalancers : 1;
}

/** Every problem with a `loadBalancers` count, of an environment or of one imported by name. */
export function loadBalancerCountProblems(loadBalancers: number | undefined): string[] {
  if (loadBalancers !== undefined && Token.isUnresolved(loadBalancers)) {
    return ['loadBalancers must be a literal number, not a token: it decides how many load balancers are defined at synthesis'];
  }
  return integerProblems('loadBalancers', loadBalancers, 1, MAX_LOAD_BALANCERS,
    `load balancers; each holds ${TENANTS_PER_LOAD_BALANCER} tenants, so give one per ${TENANTS_PER_LOAD_BALANCER} tenants of the environment`);
}

/** Every problem with a port number prop. */
export function portProblems(propName: string, port: number | undefined): string[] {
  return integerProblems(propName, port, 1, 65535, 'a TCP port');
}

function tokenNameProblems(names: EnvironmentNames): string[] {
  const problems: string[] = [];
  if (Token.isUnresolved(names.prefix)) {
    problems.push('prefix must be a literal string, not a token: it is part of names that must be known at synthesis');
  }
  if (Token.isUnresolved(names.environment)) {
    problems.push('environment must be a literal string, not a token: it is part of names that must be known at synthesis');
  }
  return problems;
}

/** The zone's name, or undefined for a zone imported by id alone, whose `zoneName` throws. */
function knownZoneName(zone: route53.IHostedZone): string | undefined {
  try {
    return zone.zoneName;
  } catch {
    return undefined;
  }
}

function domainProblems(props: MateBaseInfraProps): string[] {
  const problems: string[] = [];
  const domainName = props.domainName;
  if (!Token.isUnresolved(domainName) && !isHostName(domainName)) {
    problems.push(`domainName '${domainName}' must be a DNS name of dot-separated lower-case labels, at most 253 characters, such as 'mate.example.com'; tenants are served at <tenantId>.<domainName>`);
  }
  if (props.certificate === undefined && props.hostedZone === undefined) {
    problems.push(`certificate or hostedZone is required: pass certificate (an ACM certificate covering *.${domainName}) or hostedZone (the public hosted zone of ${domainName}, to create and DNS-validate one)`);
  }
  const zoneName = props.hostedZone && knownZoneName(props.hostedZone)?.replace(/\.$/, '');
  if (props.hostedZone && zoneName === undefined) {
    problems.push('hostedZone must know its zone name, which HostedZone.fromHostedZoneId does not: pass HostedZone.fromHostedZoneAttributes({ hostedZoneId, zoneName }) or HostedZone.fromLookup');
  }
  if (zoneName !== undefined && !Token.isUnresolved(zoneName) && !Token.isUnresolved(domainName)
    && domainName !== zoneName && !domainName.endsWith(`.${zoneName}`)) {
    problems.push(`hostedZone '${zoneName}' cannot hold records for domainName '${domainName}': pass the hosted zone of ${domainName} or of a parent domain`);
  }
  return problems;
}

function networkProblems(props: MateBaseInfraProps): string[] {
  if (props.vpc !== undefined) {
    const ignored = (['vpcCidr', 'maxAzs', 'availabilityZones', 'natGateways'] as const).filter((prop) => props[prop] !== undefined);
    return [
      ...ignored.map((prop) => `${prop} only shapes the VPC the base creates; remove it, or remove vpc to let the base create the VPC`),
      ...ownVpcProblems(props.vpc),
    ];
  }
  const problems: string[] = [];
  if (props.availabilityZones !== undefined) {
    if (props.maxAzs !== undefined) {
      problems.push('maxAzs and availabilityZones both choose the Availability Zones; give only one of them');
    }
    if (props.availabilityZones.length < MIN_AZS) {
      problems.push(`availabilityZones must name at least ${MIN_AZS} Availability Zones, so that databases and the load balancer survive the loss of one; it names ${props.availabilityZones.length}`);
    }
  }
  const azCount = props.availabilityZones?.length ?? props.maxAzs ?? BASE_DEFAULTS.maxAzs;
  problems.push(...integerProblems('maxAzs', props.maxAzs, MIN_AZS, 6, 'Availability Zones (the load balancer and Multi-AZ databases need at least two)'));
  if (props.natGateways !== undefined && !Token.isUnresolved(props.natGateways)
    && (!Number.isInteger(props.natGateways) || props.natGateways < 1 || props.natGateways > azCount)) {
    problems.push(`natGateways ${props.natGateways} must be a whole number from 1 (cheapest) to ${azCount} (one per Availability Zone, resilient): private subnets need a NAT gateway for egress`);
  }
  return problems;
}

function ownVpcProblems(vpc: ec2.IVpc): string[] {
  const azs = vpc.availabilityZones;
  if (azs.some((az) => Token.isUnresolved(az))) {
    return [];
  }
  const problems: string[] = [];
  if (azs.length < MIN_AZS) {
    problems.push(`vpc spans ${azs.length} Availability Zone(s); use a VPC with subnets in at least ${MIN_AZS}`);
  }
  const groups: Array<[string, ec2.ISubnet[]]> = [
    ['public', vpc.publicSubnets],
    ['private-with-egress', vpc.privateSubnets],
    ['isolated', vpc.isolatedSubnets],
  ];
  for (const [kind, subnets] of groups) {
    if (subnets.length !== azs.length) {
      problems.push(`vpc must have exactly one ${kind} subnet per Availability Zone (${azs.length}); it has ${subnets.length}`);
    }
  }
  return problems;
}

function integerProblems(propName: string, value: number | undefined, min: number, max: number, unit: string): string[] {
  if (value === undefined || Token.isUnresolved(value)) {
    return [];
  }
  if (Number.isInteger(value) && value >= min && value <= max) {
    return [];
  }
  return [`${propName} ${value} must be a whole number from ${min} to ${max} (${unit})`];
}
