import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ManagedPolicyRole } from '../../src/security/managed-policy-role';

function roleIn(stack: Stack): ManagedPolicyRole {
  return new ManagedPolicyRole(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    policyDescription: 'What the tasks may do',
  });
}

/** The acknowledged rule ids on `role`'s permissions policy. */
function acknowledged(role: ManagedPolicyRole): string[] {
  const policy = role.node.findChild('Permissions');
  return policy.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as object))
    .map((id) => id.replace(/^annotation::/i, ''));
}

describe('a role with a managed policy of its own', () => {
  test('puts every grant into one customer-managed policy attached to it alone, never into an inline policy', () => {
    const stack = new Stack(new App(), 'Stack');
    const role = roleIn(stack);
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.grantRead(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:123456789012:queue'] }));

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'What the tasks may do',
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
    });
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(statements.map((statement: any) => statement.Action)).toEqual([
      expect.arrayContaining(['s3:GetObject*']),
      'sqs:SendMessage',
    ]);
    template.hasResourceProperties('AWS::IAM::Role', { Policies: Match.absent() });
  });

  test('creates no policy while nothing is granted: IAM rejects an empty one', () => {
    const stack = new Stack(new App(), 'Stack');
    roleIn(stack);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test('acknowledges the wildcard of an intended statement, with its reason', () => {
    const stack = new Stack(new App(), 'Stack');
    const role = roleIn(stack);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    expect(acknowledged(role)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });

  test('leaves any other wildcard for cdk-nag to report', () => {
    const stack = new Stack(new App(), 'Stack');
    const role = roleIn(stack);
    // The actions of an intended statement with one more, and an intended action on a resource it does not cover.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', 's3:GetObject'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTasks'], resources: ['arn:aws:ecs:us-east-1:123456789012:task/*'] }));
    // A Deny never widens anything, and cdk-nag does not report it.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    expect(acknowledged(role)).toEqual([]);
  });
});
