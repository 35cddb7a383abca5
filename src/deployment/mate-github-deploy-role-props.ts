import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IMateBase } from '../base/mate-base';

/**
 * Properties of the role GitHub Actions assumes to deploy one MATE environment.
 */
export interface MateGitHubDeployRoleProps {
  /**
   * The environment the role deploys: its cluster, repository and tenants.
   */
  readonly base: IMateBase;

  /**
   * The GitHub repository whose workflows may assume the role, as `owner/name` (for example `sociant/mate-app`).
   */
  readonly repository: string;

  /**
   * The branch whose workflow runs may assume the role (the token's subject
   * `repo:<owner>/<name>:ref:refs/heads/<branch>`). Give this or `gitHubEnvironment`, not both.
   *
   * A job that names a GitHub environment gets the subject `repo:<owner>/<name>:environment:<environment>` instead,
   * whatever its branch: scope such a role with `gitHubEnvironment`.
   *
   * @default - 'main', unless `gitHubEnvironment` is given
   */
  readonly branch?: string;

  /**
   * The GitHub environment whose jobs may assume the role (the token's subject
   * `repo:<owner>/<name>:environment:<gitHubEnvironment>`), so that the environment's protection rules (required
   * reviewers, allowed branches) guard every deployment. Give this or `branch`, not both.
   *
   * @default - the role is scoped to `branch` instead
   */
  readonly gitHubEnvironment?: string;

  /**
   * The IAM OIDC provider for `https://token.actions.githubusercontent.com` to trust, when it is not the account's
   * own at its usual ARN (for example one in a shared stack you reference). Give this or
   * `createOpenIdConnectProvider`, not both.
   *
   * @default - the account's provider, referenced by its ARN
   * `arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com` (or created here when
   * `createOpenIdConnectProvider` is true)
   */
  readonly openIdConnectProvider?: iam.IOpenIdConnectProvider;

  /**
   * Whether this construct creates the account's IAM OIDC provider for `https://token.actions.githubusercontent.com`
   * (audience `sts.amazonaws.com`).
   *
   * An account holds only one provider per URL, and other tools (or another MATE environment) often created it
   * already, so by default the role trusts the existing one by its ARN. Set this to `true` in exactly one stack of
   * an account that has none yet; every other environment of the account then keeps the default. Turning it off
   * later deletes the provider with that stack (every role trusting it stops working until it exists again).
   *
   * @default false
   */
  readonly createOpenIdConnectProvider?: boolean;

  /**
   * The qualifier the account and region were bootstrapped with (`cdk bootstrap --qualifier`): the role may assume
   * only the bootstrap roles `cdk-<qualifier>-{deploy,file-publishing,image-publishing,lookup}-role-<account>-<region>`.
   *
   * @default 'hnb659fds' (the qualifier of `cdk bootstrap` without options)
   */
  readonly cdkBootstrapQualifier?: string;

  /**
   * Name of the role.
   *
   * @default - `<prefix>-<environment>-github-deploy`, for example `mate-dev-github-deploy`
   */
  readonly roleName?: string;

  /**
   * How long the workflow's credentials last (1 to 12 hours). A deployment that creates a Multi-AZ database or a
   * replicated cache can take close to an hour, and the credentials must outlast the whole job.
   *
   * @default Duration.hours(2)
   */
  readonly maxSessionDuration?: Duration;
}
