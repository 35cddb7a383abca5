import { labelProblem } from './dns-label';
import { lengthProblems, NAME_LIMITS, type CheckedName } from './name-limits';

/** The default name prefix: names become `mate-<env>`, `mate-<tenant>-<env>-django`, ... */
export const DEFAULT_PREFIX = 'mate';

/**
 * Every name of an environment's shared resources, derived from the prefix and the environment name.
 */
export class EnvironmentNames {
  constructor(public readonly prefix: string, public readonly environment: string) {}

  /** `mate-dev`: the ECS cluster (the seed's `aws ecs list-services --cluster mate-dev`). */
  get cluster(): string {
    return `${this.prefix}-${this.environment}`;
  }

  /** `mate-dev`, or `mate-dev-2` for the second load balancer of the environment. */
  loadBalancer(index: number = 0): string {
    return index === 0 ? `${this.prefix}-${this.environment}` : `${this.prefix}-${this.environment}-${index + 1}`;
  }

  /** `mate-dev`: the WAF web ACL. */
  get webAcl(): string {
    return `${this.prefix}-${this.environment}`;
  }

  /** `aws-waf-logs-mate-dev`: WAF only logs to destinations whose name starts with `aws-waf-logs-`. */
  get wafLogGroup(): string {
    return `aws-waf-logs-${this.prefix}-${this.environment}`;
  }

  /** `mate-dev`: the ECR repository of the application image. */
  get repository(): string {
    return `${this.prefix}-${this.environment}`;
  }

  /** `mate-dev-database`: the DB subnet group shared by every tenant database. */
  get databaseSubnetGroup(): string {
    return `${this.prefix}-${this.environment}-database`;
  }

  /** `mate-dev-cache`: the ElastiCache subnet group shared by every tenant cache. */
  get cacheSubnetGroup(): string {
    return `${this.prefix}-${this.environment}-cache`;
  }

  /** `mate-dev`: the environment's CloudWatch dashboard. */
  get dashboard(): string {
    return `${this.prefix}-${this.environment}`;
  }

  /**
   * `/mate/dev/ecs-tasks/`: the IAM path of every role an ECS task of the environment runs as (tenants' task and
   * execution roles), so that a deployment role may pass exactly these roles and no other.
   */
  get taskRolePath(): string {
    return `/${this.prefix}/${this.environment}/ecs-tasks/`;
  }

  /** `mate-dev-github-deploy`: the IAM role GitHub Actions assumes to deploy the environment. */
  get gitHubDeployRole(): string {
    return `${this.prefix}-${this.environment}-github-deploy`;
  }

  /** `/mate/dev/`: the SSM parameter path under which the base publishes what tenants need. */
  get parameterPath(): string {
    return `/${this.prefix}/${this.environment}/`;
  }

  /** `/mate/dev/<name>`: one published SSM parameter. */
  parameter(name: string): string {
    return `${this.parameterPath}${name}`;
  }

  /** The names that must fit AWS limits; of the load balancers, the last (longest) name. */
  checkedNames(loadBalancerCount: number = 1): CheckedName[] {
    return [
      { resource: 'ECS cluster', name: this.cluster, maxLength: NAME_LIMITS.ecsCluster },
      { resource: 'load balancer', name: this.loadBalancer(loadBalancerCount - 1), maxLength: NAME_LIMITS.loadBalancer },
      { resource: 'WAF log group', name: this.wafLogGroup, maxLength: NAME_LIMITS.logGroup },
      { resource: 'WAF web ACL', name: this.webAcl, maxLength: NAME_LIMITS.wafWebAcl },
      { resource: 'ECR repository', name: this.repository, maxLength: NAME_LIMITS.ecrRepository },
      { resource: 'DB subnet group', name: this.databaseSubnetGroup, maxLength: NAME_LIMITS.subnetGroup },
      { resource: 'ElastiCache subnet group', name: this.cacheSubnetGroup, maxLength: NAME_LIMITS.subnetGroup },
    ];
  }

  /** Every problem with the prefix, the environment and the names derived from them. */
  problems(loadBalancerCount: number = 1): string[] {
    const labels = [labelProblem('prefix', this.prefix), labelProblem('environment', this.environment)]
      .filter((problem): problem is string => problem !== undefined);
    if (labels.length > 0) {
      return labels;
    }
    return lengthProblems(this.checkedNames(loadBalancerCount), 'prefix or environment');
  }
}
