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
   * The account's existing IAM OIDC provider for `https://token.actions.githubusercontent.com`. An account can have
   * only one provider per URL, so every environment of an account after the first must pass the one the first
   * created (`iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(scope, 'GitHub',
   * 'arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com')`).
   *
   * @default - a provider for `https://token.actions.githubusercontent.com` with the audience `sts.amazonaws.com` is
   * created; deploying it fails if the account already has one
   */
  readonly openIdConnectProvider?: iam.IOpenIdConnectProvider;

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
