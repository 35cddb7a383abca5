import { outputSuffix } from '../../src/deployment/tenant-operator-outputs';
import { createTenant } from '../fixtures';

describe('tenant operator outputs', () => {
  const { template } = createTenant({ dashboard: true }, 'acme-eu');

  test.each([
    ['TenantUrlAcmeEu', 'https://acme-eu.mate.example.com'],
    ['ClusterAcmeEu', 'mate-dev'],
    ['DjangoServiceAcmeEu', 'mate-acme-eu-dev-django'],
    ['CeleryServiceAcmeEu', 'mate-acme-eu-dev-celery'],
    ['BeatServiceAcmeEu', 'mate-acme-eu-dev-beat'],
    ['DjangoLogGroupAcmeEu', '/ecs/mate-acme-eu-dev/django'],
    ['CeleryLogGroupAcmeEu', '/ecs/mate-acme-eu-dev/celery'],
    ['BeatLogGroupAcmeEu', '/ecs/mate-acme-eu-dev/beat'],
    ['MigrateLogGroupAcmeEu', '/ecs/mate-acme-eu-dev/migrate'],
  ])('output %s is %s', (key, value) => {
    template.hasOutput(key, { Value: value });
  });

  test('the names in the outputs are the names of the resources the tenant creates', () => {
    for (const role of ['django', 'celery', 'beat']) {
      template.hasResourceProperties('AWS::ECS::Service', { ServiceName: `mate-acme-eu-dev-${role}`, Cluster: 'mate-dev' });
    }
    for (const role of ['django', 'celery', 'beat', 'migrate']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/ecs/mate-acme-eu-dev/${role}` });
    }
  });

  test('the dashboard URL opens the tenant\'s dashboard in the stack\'s region', () => {
    template.hasOutput('DashboardUrlAcmeEu', {
      Value: { 'Fn::Join': ['', ['https://console.aws.amazon.com/cloudwatch/home?region=', { Ref: 'AWS::Region' }, '#dashboards/dashboard/mate-acme-eu-dev']] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'mate-acme-eu-dev' });
  });

  test('the migration command keeps its key next to the new outputs', () => {
    template.hasOutput('MigrateCommandAcmeEu', {});
  });

  test.each([
    ['without monitoring', { monitoring: false }],
    ['without a dashboard of its own (the default)', {}],
  ])('%s there is no dashboard URL', (_name, props) => {
    const outputs = createTenant(props).template.findOutputs('*');
    expect(Object.keys(outputs)).not.toContain('DashboardUrlDemo');
    expect(Object.keys(outputs)).toContain('TenantUrlDemo');
  });

  test.each([['demo', 'Demo'], ['acme-eu', 'AcmeEu'], ['a1-b2', 'A1B2']])('the key suffix of tenant %s is %s', (tenantId, suffix) => {
    expect(outputSuffix(tenantId)).toBe(suffix);
  });
});
