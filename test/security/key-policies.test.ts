import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createTenant } from '../fixtures';

const DENY_GRANTS = {
  Sid: 'DenyGrantsExceptForAwsServices',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};

describe('customer-managed keys', () => {
  const { base: environment, template } = createTenant();
  const base = Template.fromStack(Stack.of(environment));

  test.each([
    ['the environment\'s key', base],
    ['the tenant\'s key', template],
  ])('%s lets only AWS services create grants, for AWS resources', (_name, checked) => {
    checked.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([DENY_GRANTS]) },
    });
  });
});
