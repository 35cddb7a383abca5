import { Token, type Duration } from 'aws-cdk-lib';
import { RESERVED_VARIABLES } from './application-contract';
import { MAX_LISTENER_RULE_PRIORITY, MAX_PINNED_LISTENER_RULE_PRIORITY, MIN_LISTENER_RULE_PRIORITY } from './listener-priority';
import { isHostName } from '../../naming';
import type { MateTenantProps } from '../mate-tenant-props';

/**
 * An ALB rule accepts at most 5 condition values in total, and the quota is not adjustable ("Condition values per
 * rule: 5", https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). The
 * tenant's own host takes one.
 */
export const MAX_HOST_NAMES_PER_RULE = 5;

/** ALB host conditions compare host names of at most 128 characters (HostHeaderConditionConfig). */
export const MAX_RULE_HOST_NAME_LENGTH = 128;

/** ALB health-check paths are 1 to 1024 characters (AWS::ElasticLoadBalancingV2::TargetGroup HealthCheckPath). */
export const MAX_HEALTH_CHECK_PATH_LENGTH = 1024;

const PYTHON_DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words that mark a variable as a credential; such values belong in ECS `secrets`, never in the template. */
const SECRET_WORDS = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY', 'PRIVATE'];
const SECRET_PHRASES = ['API_KEY', 'ACCESS_KEY', 'PRIVATE_KEY', 'SECRET_KEY'];

/**
 * What the checks need besides the props. (The base validates its own `applicationPort`, both in `MateBaseInfra` and
 * in `MateBaseInfra.fromEnvironmentName`.)
 */
export interface ServicesCheckContext {
  /** `<tenantId>.<domainName>`, the first host name of the rule. */
  readonly tenantHostName: string;
  /** How many load balancers the tenant's environment has. */
  readonly loadBalancerCount: number;
}

/** Every problem with the service-side props of a tenant, each naming the prop and the fix. */
export function servicesProblems(props: MateTenantProps, context: ServicesCheckContext): string[] {
  return [
    ...pythonNameProblems('celeryApp', props.celeryApp),
    ...pythonNameProblems('djangoSettingsModule', props.djangoSettingsModule),
    ...commandProblems('djangoCommand', props.djangoCommand),
    ...commandProblems('celeryCommand', props.celeryCommand),
    ...commandProblems('beatCommand', props.beatCommand),
    ...commandProblems('migrateCommand', props.migrateCommand),
    ...healthCheckPathProblems(props.healthCheckPath),
    ...hostNameProblems(context.tenantHostName, props.additionalHostNames ?? []),
    ...loadBalancerIndexProblems(props.loadBalancerIndex, context.loadBalancerCount),
    ...priorityProblems(props.listenerRulePriority),
    ...durationProblems('deregistrationDelay', props.deregistrationDelay, 0, 3600, 'from 0 to 3600 seconds'),
    ...slowStartProblems(props.slowStart),
    ...percentProblems('targetCpuUtilizationPercent', props.targetCpuUtilizationPercent),
    ...percentProblems('targetMemoryUtilizationPercent', props.targetMemoryUtilizationPercent),
    ...requestsProblems(props.targetRequestsPerTask),
    ...variableProblems(props.containerEnvironment ?? {}, props.containerSecrets ?? {}),
  ];
}

function pythonNameProblems(propName: string, value: string | undefined): string[] {
  if (value === undefined || Token.isUnresolved(value) || PYTHON_DOTTED_NAME.test(value)) {
    return [];
  }
  return [`${propName} '${value}' must be a Python module path: identifiers separated by dots, for example 'mate' or 'mate.settings.production'`];
}

function commandProblems(propName: string, command: string[] | undefined): string[] {
  if (command === undefined) {
    return [];
  }
  if (command.length === 0) {
    return [`${propName} is empty; give the executable and its arguments, for example ['python', 'manage.py', 'migrate'], or leave ${propName} out to use the default`];
  }
  const empty = command
    .map((part, index) => ({ part, index }))
    .filter(({ part }) => !Token.isUnresolved(part) && part.trim() === '')
    .map(({ index }) => index);
  if (empty.length === 0) {
    return [];
  }
  return [`${propName} has empty elements at position ${empty.join(', ')}; remove them (each element is one argument, passed without a shell)`];
}

function healthCheckPathProblems(path: string | undefined): string[] {
  if (path === undefined || Token.isUnresolved(path)) {
    return [];
  }
  const problems: string[] = [];
  if (!path.startsWith('/')) {
    problems.push('start with \'/\'');
  }
  if (/\s/.test(path)) {
    problems.push('contain no spaces');
  }
  if (path.length > MAX_HEALTH_CHECK_PATH_LENGTH) {
    problems.push(`be at most ${MAX_HEALTH_CHECK_PATH_LENGTH} characters (it is ${path.length})`);
  }
  if (problems.length === 0) {
    return [];
  }
  return [`healthCheckPath '${truncate(path)}' must ${problems.join(', ')}; for example '/health/'`];
}

function hostNameProblems(tenantHostName: string, additional: readonly string[]): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(tenantHostName) && tenantHostName.length > MAX_RULE_HOST_NAME_LENGTH) {
    problems.push(`the tenant's host name '${tenantHostName}' is ${tenantHostName.length} characters; load balancer rules match host names of at most ${MAX_RULE_HOST_NAME_LENGTH}. Shorten tenantId or the base's domainName`);
  }
  for (const hostName of additional) {
    if (Token.isUnresolved(hostName)) {
      continue;
    }
    if (!isHostName(hostName)) {
      problems.push(`additionalHostNames: '${hostName}' is not a valid host name; use lower-case DNS labels separated by dots, for example 'app.customer.com' (wildcards are not accepted)`);
    } else if (hostName.length > MAX_RULE_HOST_NAME_LENGTH) {
      problems.push(`additionalHostNames: '${hostName}' is ${hostName.length} characters; load balancer rules match host names of at most ${MAX_RULE_HOST_NAME_LENGTH}, so give a shorter one`);
    }
  }
  const all = [tenantHostName, ...additional];
  const duplicates = [...new Set(all.filter((hostName, index) => all.indexOf(hostName) !== index))];
  if (duplicates.length > 0) {
    problems.push(`additionalHostNames repeats ${duplicates.map((hostName) => `'${hostName}'`).join(', ')}; list every host name once and leave out '${tenantHostName}', which the tenant always serves`);
  }
  if (all.length > MAX_HOST_NAMES_PER_RULE) {
    problems.push(`additionalHostNames has ${additional.length} host names; a load balancer rule accepts ${MAX_HOST_NAMES_PER_RULE} in total and '${tenantHostName}' takes one, so give at most ${MAX_HOST_NAMES_PER_RULE - 1}`);
  }
  return problems;
}

function loadBalancerIndexProblems(index: number | undefined, loadBalancerCount: number): string[] {
  if (index === undefined) {
    return [];
  }
  if (Token.isUnresolved(index)) {
    return ['loadBalancerIndex must be a literal number, not a token: it is checked at synthesis against the environment\'s load balancers'];
  }
  if (isIntegerIn(index, 0, loadBalancerCount - 1)) {
    return [];
  }
  return [loadBalancerCount === 1
    ? `loadBalancerIndex ${index} must be 0: the environment has one load balancer; raise the base's loadBalancers first to place tenants on another`
    : `loadBalancerIndex ${index} must be a whole number from 0 to ${loadBalancerCount - 1}: the environment has ${loadBalancerCount} load balancers; raise the base's loadBalancers first to place tenants on another`];
}

function priorityProblems(priority: number | undefined): string[] {
  const pinnable = (value: number) => isIntegerIn(value, MIN_LISTENER_RULE_PRIORITY, MAX_PINNED_LISTENER_RULE_PRIORITY);
  if (priority === undefined || Token.isUnresolved(priority) || pinnable(priority)) {
    return [];
  }
  const reserved = isIntegerIn(priority, MAX_PINNED_LISTENER_RULE_PRIORITY + 1, MAX_LISTENER_RULE_PRIORITY)
    ? ` (${MAX_PINNED_LISTENER_RULE_PRIORITY + 1} to ${MAX_LISTENER_RULE_PRIORITY} are the ones the environment's placement function hands out)`
    : '';
  return [`listenerRulePriority ${priority} must be a whole number from ${MIN_LISTENER_RULE_PRIORITY} to ${MAX_PINNED_LISTENER_RULE_PRIORITY}${reserved}, unique on the environment's HTTPS listener; leave it out to have the environment choose one when the tenant first deploys (a deployed tenant keeps the rule it has)`];
}

function durationProblems(propName: string, duration: Duration | undefined, min: number, max: number, accepted: string): string[] {
  if (duration === undefined) {
    return [];
  }
  const seconds = duration.toSeconds();
  if (Token.isUnresolved(seconds) || isIntegerIn(seconds, min, max)) {
    return [];
  }
  return [`${propName} of ${seconds} seconds is not accepted by the load balancer; use ${accepted}`];
}

function slowStartProblems(slowStart: Duration | undefined): string[] {
  if (slowStart === undefined || Token.isUnresolved(slowStart.toSeconds()) || slowStart.toSeconds() === 0) {
    return [];
  }
  return durationProblems('slowStart', slowStart, 30, 900, 'from 30 to 900 seconds, or 0 to turn slow start off');
}

function percentProblems(propName: string, percent: number | undefined): string[] {
  if (percent === undefined || Token.isUnresolved(percent) || isIntegerIn(percent, 10, 90)) {
    return [];
  }
  return [`${propName} ${percent} must be a whole percentage from 10 to 90, leaving autoscaling room to react before tasks saturate`];
}

function requestsProblems(requests: number | undefined): string[] {
  if (requests === undefined || Token.isUnresolved(requests) || isIntegerIn(requests, 1, 1_000_000)) {
    return [];
  }
  return [`targetRequestsPerTask ${requests} must be a whole number of requests per minute per task from 1 to 1000000`];
}

function variableProblems(environment: { [name: string]: string }, secrets: { [name: string]: unknown }): string[] {
  const problems: string[] = [];
  for (const [propName, names] of [['containerEnvironment', Object.keys(environment)], ['containerSecrets', Object.keys(secrets)]] as const) {
    for (const name of names) {
      if (!ENVIRONMENT_VARIABLE_NAME.test(name)) {
        problems.push(`${propName}: '${name}' is not a valid environment variable name; use letters, digits and underscores, not starting with a digit`);
      } else if (RESERVED_VARIABLES.includes(name)) {
        problems.push(`${propName}: '${name}' is set by the application contract; remove it (use djangoSettingsModule for DJANGO_SETTINGS_MODULE)`);
      } else if (propName === 'containerEnvironment' && looksLikeSecret(name)) {
        problems.push(`containerEnvironment: '${name}' looks like a credential, and plain variables are stored in the template; pass it in containerSecrets (ecs.Secret.fromSecretsManager or fromSsmParameter) instead`);
      }
    }
  }
  const both = Object.keys(environment).filter((name) => name in secrets);
  if (both.length > 0) {
    problems.push(`containerEnvironment and containerSecrets both set ${both.join(', ')}; keep each variable in one of them`);
  }
  return problems;
}

function looksLikeSecret(name: string): boolean {
  const upper = name.toUpperCase();
  const words = upper.split('_');
  return words.some((word) => SECRET_WORDS.includes(word)) || SECRET_PHRASES.some((phrase) => upper.includes(phrase));
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
