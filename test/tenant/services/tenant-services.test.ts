import { Stack } from 'aws-cdk-lib';
import { TenantTier } from '../../../src/tiers';
import { defaultTenantAt, serviceNamed, PRESET_TIERS } from '../../fixtures';

const SERVICE_NAMES = ['mate-demo-dev-django', 'mate-demo-dev-celery', 'mate-demo-dev-beat'];
/** The environment's two private subnets, read from its SSM parameter. */
const PRIVATE_SUBNETS = [0, 1].map((index) => ({
  'Fn::Select': [index, { 'Fn::Split': [',', { Ref: expect.stringMatching(/privatesubnetids/) }] }],
}));

describe('services', () => {
  test.each(PRESET_TIERS)('%s: three services in the environment\'s cluster, named as the runbook expects', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    template.resourceCountIs('AWS::ECS::Service', 3);
    for (const serviceName of SERVICE_NAMES) {
      template.hasResourceProperties('AWS::ECS::Service', { ServiceName: serviceName, Cluster: 'mate-dev' });
    }
  });

  test.each(PRESET_TIERS)('%s: every service runs in the private subnets without a public IP, with circuit breaker and rollback', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    for (const serviceName of SERVICE_NAMES) {
      const [, service] = serviceNamed(template, serviceName);
      const network = service.Properties.NetworkConfiguration.AwsvpcConfiguration;
      expect(network.AssignPublicIp).toBe('DISABLED');
      expect(network.Subnets).toEqual(PRIVATE_SUBNETS);
      expect(service.Properties.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
      expect(service.Properties.PropagateTags).toBe('SERVICE');
      expect(service.Properties.LaunchType).toBeUndefined();
    }
  });

  test.each(PRESET_TIERS)('%s: ECS Exec on Django only', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    expect(serviceNamed(template, 'mate-demo-dev-django')[1].Properties.EnableExecuteCommand).toBe(true);
    expect(serviceNamed(template, 'mate-demo-dev-celery')[1].Properties.EnableExecuteCommand).toBeUndefined();
    expect(serviceNamed(template, 'mate-demo-dev-beat')[1].Properties.EnableExecuteCommand).toBeUndefined();
  });

  test.each(PRESET_TIERS)('%s: Django joins the shared load-balancer-targets group besides the tenant\'s own; workers only the tenant\'s own', (_name, tier) => {
    const { template, stack, tenant } = defaultTenantAt(tier);
    const ownGroup = { 'Fn::GetAtt': [stack.getLogicalId(tenant.serviceSecurityGroup.node.defaultChild as any), 'GroupId'] };
    const [, django] = serviceNamed(template, 'mate-demo-dev-django');
    expect(django.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toEqual([
      ownGroup,
      { Ref: expect.stringMatching(/loadbalancertargetsecuritygroupid/) },
    ]);
    for (const serviceName of ['mate-demo-dev-celery', 'mate-demo-dev-beat']) {
      const [, service] = serviceNamed(template, serviceName);
      expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toEqual([ownGroup]);
    }
  });

  test.each(PRESET_TIERS)('%s: Django runs on on-demand Fargate only, Beat too unless the tier runs its background on Spot only', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const strategy = (serviceName: string) => serviceNamed(template, serviceName)[1].Properties.CapacityProviderStrategy;
    expect(strategy('mate-demo-dev-django')).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
    expect(strategy('mate-demo-dev-beat')).toEqual(tier.config.backgroundOnSpotOnly
      ? [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]
      : [{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  test.each(PRESET_TIERS)('%s: Celery workers use Fargate Spot alone, or above one on-demand task, exactly when the tier allows it', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const strategy = serviceNamed(template, 'mate-demo-dev-celery')[1].Properties.CapacityProviderStrategy;
    if (tier.config.backgroundOnSpotOnly) {
      expect(strategy).toEqual([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
    } else if (tier.config.workersOnSpot) {
      expect(strategy).toEqual([
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ]);
    } else {
      expect(strategy).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
    }
  });

  test('the presets put Trial and Standard workers on Spot and keep Enterprise on demand', () => {
    expect([TenantTier.TRIAL, TenantTier.STANDARD, TenantTier.ENTERPRISE].map((tier) => tier.config.workersOnSpot)).toEqual([true, true, false]);
  });

  test.each(PRESET_TIERS)('%s: Celery Beat is a singleton that stops the old task before starting the new one', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [beatId, beat] = serviceNamed(template, 'mate-demo-dev-beat');
    expect(beat.Properties.DesiredCount).toBe(1);
    expect(beat.Properties.DeploymentConfiguration).toMatchObject({ MinimumHealthyPercent: 0, MaximumPercent: 100 });
    const scalableTargets = template.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    expect(JSON.stringify(scalableTargets)).not.toContain(beatId);
    expect(JSON.stringify(scalableTargets)).not.toContain('mate-demo-dev-beat');
  });

  test.each(PRESET_TIERS)('%s: Django and Celery keep full capacity during deployments', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    for (const serviceName of ['mate-demo-dev-django', 'mate-demo-dev-celery']) {
      expect(serviceNamed(template, serviceName)[1].Properties.DeploymentConfiguration).toMatchObject({
        MinimumHealthyPercent: 100, MaximumPercent: 200,
      });
    }
  });

  test.each(PRESET_TIERS)('%s: services start only after the execution role can pull the image and read the secrets', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [executionRoleId] = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.includes('ExecutionRole'));
    const [executionPolicyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { Roles: [{ Ref: executionRoleId }] },
    }));
    for (const serviceName of SERVICE_NAMES) {
      expect(serviceNamed(template, serviceName)[1].DependsOn).toContain(executionPolicyId);
    }
  });

  test('the tenant exposes its services, migration task definition and routing', () => {
    const { tenant } = defaultTenantAt(TenantTier.TRIAL);
    expect(Stack.of(tenant).resolve(tenant.djangoService.serviceName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Django/), 'Name'] });
    expect(tenant.migrateTaskDefinition.family).toBe('mate-demo-dev-migrate');
    expect(tenant.hostNames).toEqual(['demo.mate.example.com']);
    expect(tenant.migrateCommand).toContain('aws ecs run-task --cluster mate-dev --task-definition mate-demo-dev-migrate');
  });
});
