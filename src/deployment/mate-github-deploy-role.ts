import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './acknowledge-wildcards';
import { deployStatements } from './deploy-permissions';
import { deployRoleProblems } from './deploy-role-problems';
import type { MateGitHubDeployRoleProps } from './mate-github-deploy-role-props';
import { EnvironmentNames } from '../naming';
import { throwIfProblems } from '../private/problems';

/** The issuer of GitHub Actions' OIDC tokens; it prefixes the condition keys of every trust policy that trusts them. */
const GITHUB_ISSUER = 'token.actions.githubusercontent.com';
/** The audience `aws-actions/configure-aws-credentials` requests. */
const STS_AUDIENCE = 'sts.amazonaws.com';
const DEFAULT_BRANCH = 'main';
const DEFAULT_QUALIFIER = 'hnb659fds';

/**
 * The IAM role GitHub Actions assumes, with OIDC and no long-lived keys, to deploy one MATE environment (the seed's
 * `iam/` "IAM policies for deployment").
 *
 * Only workflow runs of one repository on one branch (or in one GitHub environment) may assume it. It may assume the
 * CDK bootstrap roles (so `cdk deploy` works), push to the environment's image repository, run the tenants' migration
 * tasks and roll out the services on the environment's cluster, and read the tenants' service logs; nothing else.
 * The stack output `<id>RoleArn` is the `role-to-assume` of `aws-actions/configure-aws-credentials`.
 */
export class MateGitHubDeployRole extends Construct {
  /** The role the workflow assumes. */
  public readonly role: iam.IRole;

  /** The account's OIDC provider for GitHub Actions: referenced by its ARN, created here, or passed in. */
  public readonly openIdConnectProvider: iam.IOpenIdConnectProvider;

  /** The only token subject the role trusts, for example `repo:sociant/mate-app:ref:refs/heads/main`. */
  public readonly subject: string;

  /** The role's permissions, a customer-managed policy. */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: MateGitHubDeployRoleProps) {
    super(scope, id);
    const names = new EnvironmentNames(props.base.prefix, props.base.environment);
    const roleName = props.roleName ?? names.gitHubDeployRole;
    const problems = deployRoleProblems(props, roleName);
    throwIfProblems(`MateGitHubDeployRole '${id}'`, problems, this);

    this.subject = props.gitHubEnvironment !== undefined
      ? `repo:${props.repository}:environment:${props.gitHubEnvironment}`
      : `repo:${props.repository}:ref:refs/heads/${props.branch ?? DEFAULT_BRANCH}`;

    // One provider per URL and account: trust the account's own by its ARN unless asked to create it.
    this.openIdConnectProvider = props.openIdConnectProvider ?? (props.createOpenIdConnectProvider
      ? new iam.OidcProviderNative(this, 'GitHubProvider', { url: `https://${GITHUB_ISSUER}`, clientIds: [STS_AUDIENCE] })
      : iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(this, 'GitHubProvider',
        Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'oidc-provider', resourceName: GITHUB_ISSUER })));

    // A customer-managed policy rather than an inline one: it can be reviewed and versioned on its own.
    const statements = deployStatements(this, names, props.cdkBootstrapQualifier ?? DEFAULT_QUALIFIER);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Lets GitHub Actions of ${props.repository} deploy MATE environment ${names.environment}`,
      statements: statements.map(({ statement }) => statement),
    });
    for (const { statement, whyWildcard } of statements) {
      if (whyWildcard !== undefined) {
        acknowledgeWildcardResources(this.policy, statement, whyWildcard);
      }
    }

    this.role = new iam.Role(this, 'Role', {
      roleName,
      description: `Assumed by GitHub Actions of ${this.subject} to deploy MATE environment ${names.environment}`,
      // Exact match on both claims: no other repository, branch, pull request or environment gets in.
      assumedBy: new iam.OpenIdConnectPrincipal(this.openIdConnectProvider, {
        StringEquals: {
          [`${GITHUB_ISSUER}:aud`]: STS_AUDIENCE,
          [`${GITHUB_ISSUER}:sub`]: this.subject,
        },
      }),
      managedPolicies: [this.policy],
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(2),
    });

    new CfnOutput(this, 'RoleArn', {
      description: `role-to-assume of the GitHub Actions workflow that deploys MATE environment ${names.environment}`,
      value: this.role.roleArn,
    }).overrideLogicalId(`${id.replace(/[^A-Za-z0-9]/g, '')}RoleArn`);
  }
}
