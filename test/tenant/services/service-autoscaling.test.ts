import { Match, type Template } from 'aws-cdk-lib/assertions';
import { createPinnedTenant, defaultTenantAt, onlyResource, serviceNamed, PRESET_TIERS } from '../../fixtures';

/** The scalable target of the ECS service named `serviceName`, as [logicalId, resource]. */
function scalableTargetOf(template: Template, serviceName: string): [string, any] {
  const [serviceId] = serviceNamed(template, serviceName);
  return onlyResource(template, 'AWS::ApplicationAutoScaling::ScalableTarget', {
    ResourceId: { 'Fn::Join': ['', ['service/mate-dev/', { 'Fn::GetAtt': [serviceId, 'Name'] }]] },
  });
}

/** The target-tracking configurations of the policies on `targetId`, by predefined metric. */
function trackingPolicies(template: Template, targetId: string): Record<string, any> {
  const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
    Properties: { ScalingTargetId: { Ref: targetId }, PolicyType: 'TargetTrackingScaling' },
  });
  return Object.fromEntries(Object.values(policies).map((policy: any) => {
    const configuration = policy.Properties.TargetTrackingScalingPolicyConfiguration;
    return [configuration.PredefinedMetricSpecification.PredefinedMetricType, configuration];
  }));
}

/** The resource label of Django's request-count policy. */
function requestMetricLabel(template: Template): unknown {
  const [targetId] = scalableTargetOf(template, 'mate-demo-dev-django');
  return trackingPolicies(template, targetId).ALBRequestCountPerTarget.PredefinedMetricSpecification.ResourceLabel;
}

/** `<load balancer full name>/<target group full name>`, the load balancer's read from `listenerArn`. */
function expectedLabel(template: Template, listenerArn: unknown): unknown {
  const [targetGroupId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
  const listenerPart = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': ['/', listenerArn] }] });
  // arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<listener-id> -> app/<name>/<id>
  return { 'Fn::Join': ['', [listenerPart(1), '/', listenerPart(2), '/', listenerPart(3), '/', { 'Fn::GetAtt': [targetGroupId, 'TargetGroupFullName'] }]] };
}

describe('autoscaling', () => {
  test.each(PRESET_TIERS)('%s: Django and Celery scale within the tier\'s task range; Beat never scales', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    for (const serviceName of ['mate-demo-dev-django', 'mate-demo-dev-celery']) {
      const [, target] = scalableTargetOf(template, serviceName);
      expect(target.Properties).toMatchObject({
        MinCapacity: tier.config.minTasks,
        MaxCapacity: tier.config.maxTasks,
        ScalableDimension: 'ecs:service:DesiredCount',
        ServiceNamespace: 'ecs',
      });
    }
  });

  test.each(PRESET_TIERS)('%s: every tier can scale out, Trial to at least 2 tasks', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [, target] = scalableTargetOf(template, 'mate-demo-dev-django');
    expect(target.Properties.MaxCapacity).toBeGreaterThanOrEqual(2);
    expect(target.Properties.MaxCapacity).toBeGreaterThan(target.Properties.MinCapacity);
  });

  test.each(PRESET_TIERS)('%s: Django tracks CPU, memory and load balancer requests per task', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [targetId] = scalableTargetOf(template, 'mate-demo-dev-django');
    const policies = trackingPolicies(template, targetId);
    expect(Object.keys(policies).sort()).toEqual(['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization']);
    expect(policies.ECSServiceAverageCPUUtilization.TargetValue).toBe(60);
    expect(policies.ECSServiceAverageMemoryUtilization.TargetValue).toBe(75);
    expect(policies.ALBRequestCountPerTarget.TargetValue).toBe(1000);
    expect(policies.ECSServiceAverageCPUUtilization).toMatchObject({ ScaleOutCooldown: 60, ScaleInCooldown: 300 });
  });

  test.each(PRESET_TIERS)('%s: the request metric is labelled <load balancer full name>/<target group full name> of the listener the placement reports', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [placementId] = onlyResource(template, 'Custom::MateTenantPlacement');
    expect(requestMetricLabel(template)).toEqual(expectedLabel(template, { 'Fn::GetAtt': [placementId, 'ListenerArn'] }));
  });

  test('with listenerRulePriority, the request metric is labelled <load balancer full name>/<target group full name> of the imported listener', () => {
    const { template } = createPinnedTenant({ listenerRulePriority: 42 });
    expect(requestMetricLabel(template)).toEqual(expectedLabel(template, { Ref: expect.stringMatching(/^SsmParameterValuematedevloadbalancerhttpslistenerarn/) }));
  });

  test.each(PRESET_TIERS)('%s: the request policy is created only once the listener rule attaches the target group', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [ruleId] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    template.hasResource('AWS::ApplicationAutoScaling::ScalingPolicy', {
      Properties: Match.objectLike({
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        }),
      }),
      DependsOn: Match.arrayWith([ruleId]),
    });
  });

  test.each(PRESET_TIERS)('%s: the Celery worker tracks CPU and memory only', (_name, tier) => {
    const { template } = defaultTenantAt(tier);
    const [targetId] = scalableTargetOf(template, 'mate-demo-dev-celery');
    expect(Object.keys(trackingPolicies(template, targetId)).sort()).toEqual(['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization']);
  });

  test('the scaling targets are configurable', () => {
    const { template } = createPinnedTenant({ targetCpuUtilizationPercent: 50, targetMemoryUtilizationPercent: 80, targetRequestsPerTask: 300 });
    for (const serviceName of ['mate-demo-dev-django', 'mate-demo-dev-celery']) {
      const [targetId] = scalableTargetOf(template, serviceName);
      const policies = trackingPolicies(template, targetId);
      expect(policies.ECSServiceAverageCPUUtilization.TargetValue).toBe(50);
      expect(policies.ECSServiceAverageMemoryUtilization.TargetValue).toBe(80);
    }
    const [djangoTargetId] = scalableTargetOf(template, 'mate-demo-dev-django');
    expect(trackingPolicies(template, djangoTargetId).ALBRequestCountPerTarget.TargetValue).toBe(300);
  });
});
