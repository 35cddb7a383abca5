import { Token } from 'aws-cdk-lib';
import type { MateGitHubDeployRoleProps } from './mate-github-deploy-role-props';
import { NAME_LIMITS } from '../naming';

/** `owner/name`: GitHub owners are 1 to 39 letters, digits and inner hyphens; names 1 to 100 of letters, digits, `.`, `_`, `-`. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\/[A-Za-z0-9._-]{1,100}$/;

/** What `cdk bootstrap` accepts as a qualifier (its template's AllowedPattern). */
const QUALIFIER = /^[A-Za-z0-9_-]{1,10}$/;

/** Characters git forbids in branch names, plus the wildcards an IAM condition would match literally. */
const FORBIDDEN_IN_BRANCH = /[\s~^:?*[\\]/;

/** Every problem with the props of a GitHub deploy role, each naming the prop and the fix. */
export function deployRoleProblems(props: MateGitHubDeployRoleProps, roleName: string): string[] {
  const problems: string[] = [];
  const { repository, branch, gitHubEnvironment } = props;

  if (!Token.isUnresolved(repository) && (!REPOSITORY.test(repository) || repository.endsWith('/.') || repository.endsWith('/..'))) {
    problems.push(`repository '${repository}' must be a GitHub repository as 'owner/name' (for example 'sociant/mate-app'), without wildcards`);
  }

  if (branch !== undefined && gitHubEnvironment !== undefined) {
    problems.push('branch and gitHubEnvironment are both set: scope the role to one of them (a job with a GitHub environment presents the environment, not the branch)');
  }
  if (branch !== undefined && !Token.isUnresolved(branch)) {
    if (branch.length === 0 || branch.length > 255 || FORBIDDEN_IN_BRANCH.test(branch) || branch.includes('..')
      || branch.startsWith('/') || branch.endsWith('/') || branch.endsWith('.lock') || branch.startsWith('refs/')) {
      problems.push(`branch '${branch}' must be one branch name such as 'main', without 'refs/heads/', wildcards (* ?), spaces or characters git forbids`);
    }
  }
  if (gitHubEnvironment !== undefined && !Token.isUnresolved(gitHubEnvironment)) {
    if (gitHubEnvironment.trim().length === 0 || gitHubEnvironment.length > 255 || /[*?]/.test(gitHubEnvironment)) {
      problems.push(`gitHubEnvironment '${gitHubEnvironment}' must be one GitHub environment name of 1 to 255 characters, without wildcards (* ?)`);
    }
  }

  const qualifier = props.cdkBootstrapQualifier;
  if (qualifier !== undefined && !Token.isUnresolved(qualifier) && !QUALIFIER.test(qualifier)) {
    problems.push(`cdkBootstrapQualifier '${qualifier}' must be the qualifier given to cdk bootstrap: 1 to 10 letters, digits, '_' or '-'`);
  }

  if (props.openIdConnectProvider !== undefined && props.createOpenIdConnectProvider) {
    problems.push('openIdConnectProvider and createOpenIdConnectProvider are both set: pass the provider to trust, or create the account\'s one here, not both');
  }
  const providerArn = props.openIdConnectProvider?.openIdConnectProviderArn;
  if (providerArn !== undefined && !Token.isUnresolved(providerArn) && !providerArn.endsWith(':oidc-provider/token.actions.githubusercontent.com')) {
    problems.push(`openIdConnectProvider '${providerArn}' must be the account's provider for https://token.actions.githubusercontent.com (its ARN ends in ':oidc-provider/token.actions.githubusercontent.com')`);
  }

  if (!Token.isUnresolved(roleName) && (roleName.length > NAME_LIMITS.iamRole || !/^[\w+=,.@-]+$/.test(roleName))) {
    problems.push(`roleName '${roleName}' must be 1 to ${NAME_LIMITS.iamRole} letters, digits and the characters + = , . @ _ -`);
  }

  const duration = props.maxSessionDuration;
  if (duration !== undefined && !duration.isUnresolved() && (duration.toSeconds() < 3600 || duration.toSeconds() > 43200)) {
    problems.push(`maxSessionDuration ${duration.toHumanString()} must be from 1 to 12 hours`);
  }
  return problems;
}
