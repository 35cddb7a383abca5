import { Stack } from 'aws-cdk-lib';
import { TENANT_PLACEMENT_SOURCE } from '../../src/base/tenant-placement-source';
import { createBase, onlyResource } from '../fixtures';

describe('the tenant placement function of an environment', () => {
  const { base, stack, template } = createBase({ loadBalancers: 3 });
  const [functionId, placementFunction] = onlyResource(template, 'AWS::Lambda::Function', { Description: 'Places the tenants of MATE environment dev on its load balancers at deployment' });
  const resolve = (value: unknown) => Stack.of(stack).resolve(value);

  test('runs the inline placement source, told the environment, its claims path and every HTTPS listener in load balancer order', () => {
    expect(placementFunction.Properties.Code.ZipFile).toBe(TENANT_PLACEMENT_SOURCE);
    expect(placementFunction.Properties.Environment.Variables).toEqual({
      ENVIRONMENT: 'dev',
      CLAIMS_PATH: '/mate/dev/tenant-placement',
      LISTENER_ARNS: { 'Fn::Join': ['', base.httpsListeners.flatMap((listener, index) => [...(index > 0 ? [','] : []), resolve(listener.listenerArn)])] },
    });
  });

  test('reserves no concurrency (accounts with the default quota of 10 could not deploy) and never retries a CloudFormation request', () => {
    expect(placementFunction.Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionId }, MaximumRetryAttempts: 0 });
  });

  test('may describe load balancers, and read and write SSM parameters only below its claims path', () => {
    const roleId = placementFunction.Properties.Role['Fn::GetAtt'][0];
    const [, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy', { Roles: [{ Ref: roleId }] });
    const claims = (path: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:parameter${path}`]],
    });
    expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
      {
        Effect: 'Allow',
        Action: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeLoadBalancers'],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:GetParametersByPath'],
        Resource: [claims('/mate/dev/tenant-placement'), claims('/mate/dev/tenant-placement/*')],
      },
    ]));
    const ssmResources = policy.Properties.PolicyDocument.Statement
      .filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('ssm:')))
      .flatMap((statement: any) => [statement.Resource].flat());
    expect(ssmResources).toHaveLength(2);
  });

  test('publishes its ARN for tenant stacks of any app, outside the path it may write', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/mate/dev/tenant-placement-function/arn',
      Value: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
  });
});
