import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeIfIntendedWildcard } from './intended-wildcards';

/** How a role with a managed policy of its own is built. */
export interface ManagedPolicyRoleProps extends iam.RoleProps {
  /** Description of the role's permissions policy. */
  readonly policyDescription: string;
}

/**
 * An IAM role whose permissions live in a customer-managed policy of its own instead of an inline policy.
 *
 * Everything granted to the role, by this library, by aws-cdk-lib (ECS, Lambda, `grant*()`) or by the user, lands in
 * that one policy, which is attached to this role only. IAM keeps versions of a managed policy, so every change of the
 * role's permissions can be reviewed and rolled back; that is what the packs' IAMNoInlinePolicy rule asks for. The
 * AwsSolutions-IAM5 findings of intended wildcards (`INTENDED_WILDCARDS`) are acknowledged on the policy as their
 * statements arrive; any other wildcard is reported.
 */
export class ManagedPolicyRole extends iam.Role {
  private readonly policyDescription: string;
  private permissions?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ManagedPolicyRoleProps) {
    const { policyDescription, ...roleProps } = props;
    super(scope, id, roleProps);
    this.policyDescription = policyDescription;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    // Created with the first statement: IAM rejects an empty managed policy.
    this.permissions ??= new iam.ManagedPolicy(this, 'Permissions', { description: this.policyDescription, roles: [this] });
    this.permissions.addStatements(statement);
    acknowledgeIfIntendedWildcard(this.permissions, statement);
    return { statementAdded: true, policyDependable: this.permissions };
  }
}
