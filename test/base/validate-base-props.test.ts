import { App, Fn, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MateBaseInfra, type MateBaseInfraProps } from '../../src/base';
import { certificateIn } from '../fixtures';

function build(overrides: Partial<MateBaseInfraProps>, withCertificate = true) {
  const stack = new Stack(new App(), 'BaseStack');
  return () => new MateBaseInfra(stack, 'Base', {
    environment: 'dev',
    domainName: 'mate.example.com',
    certificate: withCertificate ? certificateIn(stack) : undefined,
    ...overrides,
  });
}

function zone(zoneName: string) {
  return route53.HostedZone.fromHostedZoneAttributes(new Stack(), 'Zone', { hostedZoneId: 'Z0123456789', zoneName });
}

describe('MateBaseInfra validation', () => {
  test.each(['Dev', 'dev_1', '-dev', 'dev-', '1dev', 'de--v', ''])('fails when environment is %p, not a lower-case DNS label', (environment) => {
    expect(build({ environment })).toThrow(new RegExp(`environment '${environment}' must be a lower-case DNS label`));
  });

  test('fails when prefix is not a lower-case DNS label', () => {
    expect(build({ prefix: 'Mate' })).toThrow(/prefix 'Mate' must be a lower-case DNS label/);
  });

  test('fails when the load balancer name would exceed 32 characters, naming the props to shorten', () => {
    expect(build({ prefix: 'mate', environment: 'a-very-long-environment-name' }))
      .toThrow(/the load balancer name 'mate-a-very-long-environment-name' is 33 characters; AWS allows 32. Shorten prefix or environment by at least 1 characters/);
  });

  test('fails when environment or prefix is a token', () => {
    expect(build({ environment: Token.asString({ Ref: 'Env' }), prefix: Token.asString({ Ref: 'Prefix' }) }))
      .toThrow(/prefix must be a literal string, not a token[\s\S]*environment must be a literal string, not a token/);
  });

  test('accepts a vpc whose Availability Zones are only known at deployment', () => {
    const stack = new Stack(new App(), 'BaseStack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: [Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())],
      publicSubnetIds: ['subnet-1', 'subnet-2'],
      privateSubnetIds: ['subnet-3', 'subnet-4'],
      isolatedSubnetIds: ['subnet-5', 'subnet-6'],
    });

    expect(() => new MateBaseInfra(stack, 'Base', { environment: 'dev', domainName: 'mate.example.com', certificate: certificateIn(stack), vpc }))
      .not.toThrow();
  });

  test.each(['Mate.Example.com', 'mate', 'mate..example.com', 'mate.example.com.', `${'a'.repeat(64)}.example.com`])(
    'fails when domainName is %p, not a DNS name', (domainName) => {
      expect(build({ domainName })).toThrow(/domainName '.*' must be a DNS name of dot-separated lower-case labels/);
    });

  test('accepts a domainName that is a token', () => {
    expect(build({ domainName: Token.asString({ Ref: 'Domain' }) })).not.toThrow();
  });

  test('fails when there is neither certificate nor hostedZone', () => {
    expect(build({}, false)).toThrow(/certificate or hostedZone is required: pass certificate \(an ACM certificate covering \*\.mate\.example\.com\) or hostedZone/);
  });

  test('fails when hostedZone cannot hold records of domainName', () => {
    expect(build({ hostedZone: zone('example.org') }, false))
      .toThrow(/hostedZone 'example.org' cannot hold records for domainName 'mate.example.com'/);
  });

  test.each(['mate.example.com', 'example.com', 'example.com.'])('accepts the hosted zone %p of domainName or a parent', (zoneName) => {
    expect(build({ hostedZone: zone(zoneName) }, false)).not.toThrow();
  });

  test.each([0, 65536, 80.5, -1])('fails when applicationPort is %p', (applicationPort) => {
    expect(build({ applicationPort })).toThrow(new RegExp(`applicationPort ${applicationPort} must be a whole number from 1 to 65535`));
  });

  test.each([1, 2.5, 7])('fails when maxAzs is %p', (maxAzs) => {
    expect(build({ maxAzs })).toThrow(new RegExp(`maxAzs ${maxAzs} must be a whole number from 2 to 6`));
  });

  test.each([
    [0, undefined, 2],
    [3, 2, 2],
    [1.5, 3, 3],
  ])('fails when natGateways is %p with maxAzs %p', (natGateways, maxAzs, azCount) => {
    expect(build({ natGateways, maxAzs })).toThrow(new RegExp(`natGateways ${natGateways} must be a whole number from 1 \\(cheapest\\) to ${azCount}`));
  });

  test('fails when availabilityZones names fewer than 2 zones, or comes with maxAzs', () => {
    expect(build({ availabilityZones: ['us-east-1a'], maxAzs: 2 }))
      .toThrow(/maxAzs and availabilityZones both choose the Availability Zones; give only one of them[\s\S]*availabilityZones must name at least 2 Availability Zones/);
  });

  test.each([9, 2_000_000_001, 100.5])('fails when wafRateLimit is %p', (wafRateLimit) => {
    expect(build({ wafRateLimit })).toThrow(new RegExp(`wafRateLimit ${wafRateLimit} must be a whole number from 10 to 2000000000`));
  });

  test.each([0, 10_001])('fails when maxImageCount is %p', (maxImageCount) => {
    expect(build({ maxImageCount })).toThrow(new RegExp(`maxImageCount ${maxImageCount} must be a whole number from 1 to 10000`));
  });

  test('fails when an alarm e-mail is not an address', () => {
    expect(build({ alarmEmails: ['ops@example.com', 'ops'] })).toThrow(/alarmEmails: 'ops' is not an e-mail address/);
  });

  test('fails with one error that lists every problem', () => {
    expect(build({ environment: 'Dev', domainName: 'nope', applicationPort: 0, wafRateLimit: 1, maxAzs: 1 }, false)).toThrow(
      new RegExp([
        "^Invalid MateBaseInfra 'Dev':",
        "  - environment 'Dev' must be a lower-case DNS label[^\\n]*",
        "  - domainName 'nope' must be a DNS name[^\\n]*",
        '  - certificate or hostedZone is required[^\\n]*',
        '  - maxAzs 1 must be a whole number from 2 to 6[^\\n]*',
        '  - applicationPort 0 must be a whole number from 1 to 65535[^\\n]*',
        '  - wafRateLimit 1 must be a whole number from 10 to 2000000000[^\\n]*',
        '  \\(construct path: BaseStack/Base\\)$',
      ].join('\\n')));
  });
});
