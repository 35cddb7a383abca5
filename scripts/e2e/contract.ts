/**
 * Reads the application contract out of a synthesized tenant template: what the Django, Celery worker, Celery Beat
 * and migration containers are given (command, environment, ECS secrets, ports, stop timeout, mounts), the health
 * check of the Django service's target group, and how the template configures the database and the cache (port,
 * TLS, credentials), so that the end-to-end test configures its local servers the same way.
 *
 * Values only AWS knows at deploy time are replaced by stand-ins the test provides: an endpoint address becomes
 * `{ address: <logical id> }` (the test's loopback address), `AWS::Region` the region given.
 */

/** The roles of the application image, as the task definitions name their containers. */
export const ROLES = ['django', 'celery', 'beat', 'migrate'] as const;
export type Role = (typeof ROLES)[number];

/** Where the container's ECS secret comes from: a JSON key of a Secrets Manager secret in the template. */
export interface SecretReference {
  readonly secret: string;
  readonly jsonKey: string;
}

/** An address only known after deployment: the test puts the loopback address of its stand-in server here. */
export interface EndpointAddress {
  readonly address: string;
}

export interface ContainerContract {
  readonly family: string;
  readonly command: string[];
  readonly environment: Record<string, string | EndpointAddress>;
  readonly secrets: Record<string, SecretReference>;
  readonly containerPorts: number[];
  readonly stopTimeoutSeconds: number;
  /** `task definition` when the template sets StopTimeout, else `ECS default`. */
  readonly stopTimeoutSource: string;
  readonly readonlyRootFilesystem: boolean;
  readonly mountPaths: string[];
}

/** A Secrets Manager secret of the template: its fixed JSON keys and how Secrets Manager generates the other one. */
export interface SecretDefinition {
  readonly name: string;
  readonly fixedValues: Record<string, string>;
  readonly generateStringKey?: string;
  readonly passwordLength: number;
  readonly excludeCharacters: string;
  readonly excludePunctuation: boolean;
}

export interface ExtractedContract {
  readonly stackName: string;
  readonly region: string;
  readonly containers: Record<Role, ContainerContract>;
  readonly healthCheck: { readonly path: string; readonly matcher: string; readonly port: number; readonly serviceContainerPort: number };
  readonly secrets: Record<string, SecretDefinition>;
  readonly database: {
    readonly logicalId: string;
    readonly port: number;
    readonly databaseName: string;
    readonly masterUsername: string;
    readonly masterPassword: SecretReference;
    /** The parameter group's rds.force_ssl: the server accepts TLS connections only. */
    readonly forceSsl: boolean;
  };
  readonly cache: {
    readonly logicalId: string;
    readonly port: number;
    readonly transitEncryptionEnabled: boolean;
    readonly transitEncryptionMode: string;
    readonly authToken: SecretReference;
  };
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

export interface Template {
  readonly Resources?: Record<string, Resource>;
}

/** ECS stops a container this long after SIGTERM when its definition sets no StopTimeout. */
const ECS_DEFAULT_STOP_TIMEOUT_SECONDS = 30;
const POSTGRES_DEFAULT_PORT = 5432;
const REDIS_DEFAULT_PORT = 6379;

/** Reads the contract of the tenant whose task definitions hold the four roles; throws naming what is missing. */
export function extractContract(stackName: string, template: Template, region: string): ExtractedContract {
  const resources = template.Resources ?? {};
  const resource = (logicalId: string, type?: string): Resource => {
    const found = resources[logicalId];
    if (!found || (type !== undefined && found.Type !== type)) {
      throw new Error(`${stackName}: no ${type ?? 'resource'} ${logicalId}`);
    }
    return found;
  };

  const taskDefinitions = new Map<Role, { logicalId: string; family: string; container: Record<string, any> }>();
  for (const [logicalId, res] of Object.entries(resources)) {
    if (res.Type !== 'AWS::ECS::TaskDefinition') continue;
    for (const container of res.Properties?.ContainerDefinitions ?? []) {
      if ((ROLES as readonly string[]).includes(container.Name)) {
        taskDefinitions.set(container.Name as Role, { logicalId, family: res.Properties?.Family, container });
      }
    }
  }
  const missing = ROLES.filter((role) => !taskDefinitions.has(role));
  if (missing.length > 0) {
    throw new Error(`${stackName}: no task definition with a container named ${missing.join(', ')}`);
  }

  const secrets: Record<string, SecretDefinition> = {};
  const secretOf = (ref: unknown, context: string): string => {
    let logicalId = refOf(ref, context);
    const res = resource(logicalId);
    if (res.Type === 'AWS::SecretsManager::SecretTargetAttachment') {
      // A secret attached to a database: the attachment's Ref is the secret's ARN.
      logicalId = refOf(res.Properties?.SecretId, `${context} (SecretId of ${logicalId})`);
    }
    secrets[logicalId] = secretDefinition(logicalId, resource(logicalId, 'AWS::SecretsManager::Secret'));
    return logicalId;
  };

  const resolve = (value: unknown, context: string): string | EndpointAddress => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    const v = value as Record<string, any>;
    if (v?.Ref === 'AWS::Region') return region;
    if (v?.Ref !== undefined) {
      const res = resource(v.Ref);
      if (res.Type === 'AWS::S3::Bucket' && typeof res.Properties?.BucketName === 'string') return res.Properties.BucketName;
    }
    const getAtt = v?.['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      const [logicalId, attribute] = getAtt as [string, string];
      const res = resource(logicalId);
      if (res.Type === 'AWS::RDS::DBInstance' && attribute === 'Endpoint.Address') return { address: logicalId };
      if (res.Type === 'AWS::RDS::DBInstance' && attribute === 'Endpoint.Port') {
        return String(res.Properties?.Port ?? POSTGRES_DEFAULT_PORT);
      }
      if (res.Type === 'AWS::ElastiCache::ReplicationGroup' && attribute === 'PrimaryEndPoint.Address') return { address: logicalId };
      if (res.Type === 'AWS::ElastiCache::ReplicationGroup' && attribute === 'PrimaryEndPoint.Port') {
        return String(res.Properties?.Port ?? REDIS_DEFAULT_PORT);
      }
    }
    throw new Error(`${context}: the end-to-end test has no stand-in for ${JSON.stringify(value)}; teach scripts/e2e/contract.ts what it is`);
  };

  const containers = {} as Record<Role, ContainerContract>;
  for (const role of ROLES) {
    const { family, container } = taskDefinitions.get(role)!;
    const environment: Record<string, string | EndpointAddress> = {};
    for (const variable of container.Environment ?? []) {
      environment[variable.Name] = resolve(variable.Value, `${role} variable ${variable.Name}`);
    }
    const containerSecrets: Record<string, SecretReference> = {};
    for (const secret of container.Secrets ?? []) {
      containerSecrets[secret.Name] = secretReference(secret.ValueFrom, `${role} secret ${secret.Name}`, secretOf);
    }
    containers[role] = {
      family,
      command: container.Command ?? [],
      environment,
      secrets: containerSecrets,
      containerPorts: (container.PortMappings ?? []).map((mapping: { ContainerPort: number }) => mapping.ContainerPort),
      stopTimeoutSeconds: container.StopTimeout ?? ECS_DEFAULT_STOP_TIMEOUT_SECONDS,
      stopTimeoutSource: container.StopTimeout === undefined ? 'ECS default' : 'task definition',
      readonlyRootFilesystem: container.ReadonlyRootFilesystem === true,
      mountPaths: (container.MountPoints ?? []).map((mount: { ContainerPath: string }) => mount.ContainerPath),
    };
  }

  // The target group the Django service registers its tasks with.
  const djangoTaskDefinition = taskDefinitions.get('django')!.logicalId;
  const djangoService = Object.values(resources).find((res) =>
    res.Type === 'AWS::ECS::Service' && res.Properties?.TaskDefinition?.Ref === djangoTaskDefinition);
  const serviceLoadBalancer = djangoService?.Properties?.LoadBalancers?.[0];
  if (!serviceLoadBalancer) {
    throw new Error(`${stackName}: no ECS service runs ${djangoTaskDefinition} behind a load balancer`);
  }
  const targetGroup = resource(refOf(serviceLoadBalancer.TargetGroupArn, 'the Django service\'s target group'),
    'AWS::ElasticLoadBalancingV2::TargetGroup').Properties ?? {};

  const [databaseId, database] = single(resources, 'AWS::RDS::DBInstance', stackName);
  const [cacheId, cache] = single(resources, 'AWS::ElastiCache::ReplicationGroup', stackName);
  const parameterGroupId = database.Properties?.DBParameterGroupName?.Ref;
  const parameters = parameterGroupId ? resource(parameterGroupId, 'AWS::RDS::DBParameterGroup').Properties?.Parameters ?? {} : {};

  return {
    stackName,
    region,
    containers,
    healthCheck: {
      path: targetGroup.HealthCheckPath ?? '/',
      matcher: targetGroup.Matcher?.HttpCode ?? '200',
      port: Number(targetGroup.Port),
      serviceContainerPort: Number(serviceLoadBalancer.ContainerPort),
    },
    secrets,
    database: {
      logicalId: databaseId,
      port: Number(database.Properties?.Port ?? POSTGRES_DEFAULT_PORT),
      databaseName: database.Properties?.DBName,
      masterUsername: database.Properties?.MasterUsername,
      masterPassword: dynamicReference(database.Properties?.MasterUserPassword, 'the database\'s MasterUserPassword', secretOf),
      forceSsl: String(parameters['rds.force_ssl'] ?? '0') === '1',
    },
    cache: {
      logicalId: cacheId,
      port: Number(cache.Properties?.Port ?? REDIS_DEFAULT_PORT),
      transitEncryptionEnabled: cache.Properties?.TransitEncryptionEnabled === true,
      transitEncryptionMode: cache.Properties?.TransitEncryptionMode ?? 'required',
      authToken: dynamicReference(cache.Properties?.AuthToken, 'the cache\'s AuthToken', secretOf),
    },
  };
}

/**
 * Applies `E2E_CONTRACT_MUTATION` to every container's variables, to prove that the test fails when the contract
 * changes: `NAME` removes a variable, `NAME=value` sets it; several are separated by commas.
 */
export function mutateContract(contract: ExtractedContract, mutation: string | undefined): string[] {
  const applied: string[] = [];
  for (const change of (mutation ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const [name, ...value] = change.split('=');
    for (const role of ROLES) {
      const environment = contract.containers[role].environment;
      if (value.length === 0) {
        delete environment[name];
      } else {
        environment[name] = value.join('=');
      }
    }
    applied.push(value.length === 0 ? `removed ${name}` : `set ${name}=${value.join('=')}`);
  }
  return applied;
}

function refOf(value: unknown, context: string): string {
  const ref = (value as { Ref?: unknown } | undefined)?.Ref;
  if (typeof ref !== 'string') {
    throw new Error(`${context}: expected a Ref, found ${JSON.stringify(value)}`);
  }
  return ref;
}

function single(resources: Record<string, Resource>, type: string, stackName: string): [string, Resource] {
  const found = Object.entries(resources).filter(([, res]) => res.Type === type);
  if (found.length !== 1) {
    throw new Error(`${stackName}: expected one ${type}, found ${found.length}`);
  }
  return found[0];
}

/** An ECS secret's ValueFrom: `<secret ARN>:<json key>::` written as Fn::Join of the secret's Ref and the suffix. */
function secretReference(valueFrom: unknown, context: string, secretOf: (ref: unknown, context: string) => string): SecretReference {
  const parts = (valueFrom as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join']?.[1];
  const suffix = parts?.[1];
  const match = typeof suffix === 'string' ? /^:([^:]+)::$/.exec(suffix) : null;
  if (!parts || parts.length !== 2 || !match) {
    throw new Error(`${context}: expected a Secrets Manager JSON key reference, found ${JSON.stringify(valueFrom)}`);
  }
  return { secret: secretOf(parts[0], context), jsonKey: match[1] };
}

/** A CloudFormation dynamic reference `{{resolve:secretsmanager:<secret>:SecretString:<json key>::}}`. */
function dynamicReference(value: unknown, context: string, secretOf: (ref: unknown, context: string) => string): SecretReference {
  const parts = (value as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join']?.[1];
  const suffix = parts?.[2];
  const match = typeof suffix === 'string' ? /^:SecretString:([^:]+)::\}\}$/.exec(suffix) : null;
  if (!parts || parts.length !== 3 || parts[0] !== '{{resolve:secretsmanager:' || !match) {
    throw new Error(`${context}: expected a Secrets Manager dynamic reference, found ${JSON.stringify(value)}`);
  }
  return { secret: secretOf(parts[1], context), jsonKey: match[1] };
}

function secretDefinition(logicalId: string, secret: Resource): SecretDefinition {
  const generate = secret.Properties?.GenerateSecretString;
  if (!generate) {
    throw new Error(`secret ${logicalId} has no GenerateSecretString; the test generates only what Secrets Manager would`);
  }
  return {
    name: typeof secret.Properties?.Name === 'string' ? secret.Properties.Name : logicalId,
    fixedValues: generate.SecretStringTemplate ? JSON.parse(generate.SecretStringTemplate) : {},
    generateStringKey: generate.GenerateStringKey,
    passwordLength: generate.PasswordLength ?? 32,
    excludeCharacters: generate.ExcludeCharacters ?? '',
    excludePunctuation: generate.ExcludePunctuation === true,
  };
}
