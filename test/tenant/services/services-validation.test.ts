import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { MateBaseInfra } from '../../../src/base';
import { MateTenant } from '../../../src/tenant';
import { TenantTier } from '../../../src/tiers';
import { addTenant, CERTIFICATE_ARN, createEnvironment, createPinnedTenant, ENV, IMAGE, PRESET_TIERS, type TenantOverrides } from '../../fixtures';

/** The message of the error thrown when a tenant is created with `overrides`. */
function errorFor(overrides: TenantOverrides): string {
  try {
    createPinnedTenant(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(overrides)}`);
}

describe('service props validation', () => {
  test.each(PRESET_TIERS)('%s: fails when a command is empty, naming the prop', (_name, tier) => {
    for (const propName of ['djangoCommand', 'celeryCommand', 'beatCommand', 'migrateCommand']) {
      expect(errorFor({ tier, [propName]: [] })).toContain(`${propName} is empty; give the executable and its arguments`);
    }
  });

  test('fails when a command has empty elements, naming their positions', () => {
    expect(errorFor({ celeryCommand: ['celery', '', '-A', ' ', 'mate'] }))
      .toContain('celeryCommand has empty elements at position 1, 3; remove them');
  });

  test('fails when the health check path does not start with a slash, contains spaces or is too long', () => {
    expect(errorFor({ healthCheckPath: 'health/' })).toContain('healthCheckPath \'health/\' must start with \'/\'');
    expect(errorFor({ healthCheckPath: '/health check/' })).toContain('must contain no spaces');
    expect(errorFor({ healthCheckPath: `/${'a'.repeat(1024)}` })).toContain('must be at most 1024 characters (it is 1025)');
  });

  test('fails when an additional host name is not a valid host name', () => {
    const message = errorFor({ additionalHostNames: ['App.Customer.com', '*.customer.com', 'localhost'] });
    for (const hostName of ['App.Customer.com', '*.customer.com', 'localhost']) {
      expect(message).toContain(`additionalHostNames: '${hostName}' is not a valid host name`);
    }
  });

  test('fails when a host name is longer than a load balancer rule matches', () => {
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.customer.com`;
    expect(errorFor({ additionalHostNames: [long] })).toContain(`additionalHostNames: '${long}' is ${long.length} characters; load balancer rules match host names of at most 128`);
  });

  test('fails when the tenant\'s own host name is longer than a load balancer rule matches', () => {
    const app = new App();
    const baseStack = new Stack(app, 'MateBase-dev', { env: ENV });
    const domainName = `${'d'.repeat(60)}.${'e'.repeat(60)}.example.com`;
    const base = new MateBaseInfra(baseStack, 'Base', {
      environment: 'dev',
      domainName,
      certificate: acm.Certificate.fromCertificateArn(baseStack, 'Certificate', CERTIFICATE_ARN),
    });
    const tenantStack = new Stack(app, 'MateTenant-demo-dev', { env: ENV });
    expect(() => new MateTenant(tenantStack, 'Tenant', { base, tenantId: 'demo', tier: TenantTier.TRIAL, image: ecs.ContainerImage.fromRegistry(IMAGE) }))
      .toThrow(`the tenant's host name 'demo.${domainName}' is ${5 + domainName.length} characters; load balancer rules match host names of at most 128. Shorten tenantId or the base's domainName`);
  });

  test('accepts additional host names that are only known at deploy time', () => {
    const { template } = createPinnedTenant({ additionalHostNames: [Lazy.string({ produce: () => 'app.customer.com' })] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['demo.mate.example.com', 'app.customer.com'] } }],
    });
  });

  test('fails when there are more host names than one rule accepts', () => {
    const extra = ['a.customer.com', 'b.customer.com', 'c.customer.com', 'd.customer.com', 'e.customer.com'];
    expect(errorFor({ additionalHostNames: extra }))
      .toContain('additionalHostNames has 5 host names; a load balancer rule accepts 5 in total and \'demo.mate.example.com\' takes one, so give at most 4');
  });

  test('fails when a host name is repeated or repeats the tenant\'s own', () => {
    expect(errorFor({ additionalHostNames: ['demo.mate.example.com', 'app.customer.com', 'app.customer.com'] }))
      .toContain('additionalHostNames repeats \'demo.mate.example.com\', \'app.customer.com\'');
  });

  test.each([0, 50001, 1.5, -3])('fails when listenerRulePriority is %p', (priority) => {
    expect(errorFor({ listenerRulePriority: priority })).toContain(`listenerRulePriority ${priority} must be a whole number from 1 to 49900, unique`);
  });

  test.each([49901, 50000])('fails when listenerRulePriority is %p, which the placement function may have given a tenant of another app', (priority) => {
    expect(errorFor({ listenerRulePriority: priority })).toContain(`listenerRulePriority ${priority} must be a whole number from 1 to 49900`
      + ' (49901 to 50000 are the ones the environment\'s placement function hands out)');
  });

  test.each([1, 49900])('accepts listenerRulePriority %p', (priority) => {
    expect(() => createPinnedTenant({ listenerRulePriority: priority })).not.toThrow();
  });

  test.each(['mate-app', '1mate', 'mate..settings', 'mate.'])('fails when celeryApp is %p, not a Python module path', (celeryApp) => {
    expect(errorFor({ celeryApp })).toContain(`celeryApp '${celeryApp}' must be a Python module path`);
  });

  test('fails when djangoSettingsModule is not a Python module path', () => {
    expect(errorFor({ djangoSettingsModule: 'mate/settings.py' })).toContain('djangoSettingsModule \'mate/settings.py\' must be a Python module path');
  });

  test('fails when the deregistration delay or slow start is outside what the load balancer accepts', () => {
    expect(errorFor({ deregistrationDelay: Duration.hours(2) })).toContain('deregistrationDelay of 7200 seconds is not accepted by the load balancer; use from 0 to 3600 seconds');
    expect(errorFor({ slowStart: Duration.seconds(10) })).toContain('slowStart of 10 seconds is not accepted by the load balancer; use from 30 to 900 seconds, or 0 to turn slow start off');
  });

  test('fails when a scaling target is outside its range', () => {
    expect(errorFor({ targetCpuUtilizationPercent: 95 })).toContain('targetCpuUtilizationPercent 95 must be a whole percentage from 10 to 90');
    expect(errorFor({ targetMemoryUtilizationPercent: 5 })).toContain('targetMemoryUtilizationPercent 5 must be a whole percentage from 10 to 90');
    expect(errorFor({ targetRequestsPerTask: 0 })).toContain('targetRequestsPerTask 0 must be a whole number');
  });

  test('fails when containerEnvironment sets a variable of the application contract', () => {
    expect(errorFor({ containerEnvironment: { DATABASE_HOST: 'elsewhere', DJANGO_SETTINGS_MODULE: 'x.settings' } }))
      .toMatch(/containerEnvironment: 'DATABASE_HOST' is set by the application contract; remove it[\s\S]*containerEnvironment: 'DJANGO_SETTINGS_MODULE' is set by the application contract; remove it \(use djangoSettingsModule/);
  });

  test.each(['SENTRY_API_KEY', 'STRIPE_SECRET', 'GITHUB_TOKEN', 'SMTP_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'JWT_PRIVATE_KEY'])(
    'fails when containerEnvironment sets %p, which looks like a credential, pointing to containerSecrets', (name) => {
      expect(errorFor({ containerEnvironment: { [name]: 'value' } }))
        .toContain(`containerEnvironment: '${name}' looks like a credential, and plain variables are stored in the template; pass it in containerSecrets`);
    });

  test.each(['MAX_TOKENS', 'SECRETARY_EMAIL', 'FEATURE_FLAGS'])('accepts the plain variable %p', (name) => {
    expect(() => createPinnedTenant({ containerEnvironment: { [name]: 'value' } })).not.toThrow();
  });

  test('fails when a variable name is not a valid environment variable name', () => {
    expect(errorFor({ containerEnvironment: { 'FEATURE-FLAGS': 'x' } })).toContain('containerEnvironment: \'FEATURE-FLAGS\' is not a valid environment variable name');
  });

  test('fails when containerSecrets reuses a contract variable or a containerEnvironment variable', () => {
    const environment = createEnvironment();
    const secret = (name: string) => ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(environment.baseStack, name, { parameterName: `/mate/${name}` }));
    let message = '';
    try {
      addTenant(environment, 'demo', {
        containerEnvironment: { SENTRY_DSN: 'x' },
        containerSecrets: { SENTRY_DSN: secret('Sentry'), DJANGO_SECRET_KEY: secret('Django') },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('containerSecrets: \'DJANGO_SECRET_KEY\' is set by the application contract');
    expect(message).toContain('containerEnvironment and containerSecrets both set SENTRY_DSN; keep each variable in one of them');
  });

  test('fails with one error that lists every problem, each naming its prop', () => {
    const message = errorFor({
      djangoCommand: [],
      healthCheckPath: 'health',
      additionalHostNames: ['not a host'],
      listenerRulePriority: 0,
      celeryApp: 'mate-app',
    });
    expect(message.split('\n')).toEqual([
      'Invalid MateTenant \'demo\':',
      expect.stringContaining('  - celeryApp'),
      expect.stringContaining('  - djangoCommand'),
      expect.stringContaining('  - healthCheckPath'),
      expect.stringContaining('  - additionalHostNames'),
      expect.stringContaining('  - listenerRulePriority'),
      '  (construct path: MateTenant-demo-dev/Tenant)',
    ]);
  });
});
