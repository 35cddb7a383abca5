import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';
import type { ServiceRole } from '../../naming';
import type { TenantData } from '../data/tenant-data';

/** Every role the application image runs: the three services and the one-off migration task. */
export type ContainerRole = ServiceRole | 'migrate';

/** The plain environment variables every container receives, in the order docs/application-contract.md documents them. */
export const CONTRACT_VARIABLES = [
  'MATE_TENANT_ID',
  'MATE_ENVIRONMENT',
  'MATE_SERVICE_ROLE',
  'DJANGO_ALLOWED_HOSTS',
  'DJANGO_SETTINGS_MODULE',
  'DATABASE_HOST',
  'DATABASE_PORT',
  'DATABASE_NAME',
  'REDIS_HOST',
  'REDIS_PORT',
  'REDIS_TLS',
  'AWS_STORAGE_BUCKET_NAME',
  'MEDIA_ROOT',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
] as const;

/** The variables every container receives through ECS `secrets`: resolved by ECS at task start, never in the template. */
export const CONTRACT_SECRETS = [
  'DATABASE_USER',
  'DATABASE_PASSWORD',
  'REDIS_AUTH_TOKEN',
  'DJANGO_SECRET_KEY',
] as const;

/** Every variable name the contract owns; `containerEnvironment` and `containerSecrets` may not reuse them. */
export const RESERVED_VARIABLES: readonly string[] = [...CONTRACT_VARIABLES, ...CONTRACT_SECRETS];

/** What the contract is built from. */
export interface ApplicationContractProps {
  readonly tenantId: string;
  readonly environment: string;
  /** Host names the tenant answers to, the first being `<tenantId>.<domainName>`. */
  readonly hostNames: readonly string[];
  readonly data: TenantData;
  readonly djangoSettingsModule?: string;
  readonly containerEnvironment?: { readonly [name: string]: string };
  readonly containerSecrets?: { readonly [name: string]: ecs.Secret };
}

/**
 * The application contract: the environment variables and secrets that every container of a tenant receives, so one
 * image can run as Django, Celery worker, Celery Beat or migration task of any tenant.
 */
export class ApplicationContract {
  private readonly secrets: { [name: string]: ecs.Secret };

  constructor(private readonly scope: Construct, private readonly props: ApplicationContractProps) {
    const data = props.data;
    this.secrets = {
      ...props.containerSecrets,
      DATABASE_USER: ecs.Secret.fromSecretsManager(data.databaseSecret, 'username'),
      DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(data.databaseSecret, 'password'),
      REDIS_AUTH_TOKEN: ecs.Secret.fromSecretsManager(data.cacheAuthSecret, 'authToken'),
      DJANGO_SECRET_KEY: ecs.Secret.fromSecretsManager(data.djangoSecretKey, 'secretKey'),
    };
  }

  /** The plain variables of a container running `role`: the contract's, then the user's extra ones. */
  environmentFor(role: ContainerRole): { [name: string]: string } {
    const { data } = this.props;
    const region = Stack.of(this.scope).region;
    const contract: { [name: string]: string } = {
      MATE_TENANT_ID: this.props.tenantId,
      MATE_ENVIRONMENT: this.props.environment,
      MATE_SERVICE_ROLE: role,
      DJANGO_ALLOWED_HOSTS: this.props.hostNames.join(','),
      DATABASE_HOST: data.database.dbInstanceEndpointAddress,
      DATABASE_PORT: data.database.dbInstanceEndpointPort,
      DATABASE_NAME: data.databaseName,
      REDIS_HOST: data.cacheHost,
      REDIS_PORT: data.cachePort,
      // The cache only accepts TLS; clients must use rediss:// and the AUTH token.
      REDIS_TLS: 'true',
      AWS_STORAGE_BUCKET_NAME: data.bucket.bucketName,
      MEDIA_ROOT: data.mediaPath,
      // boto3 reads AWS_DEFAULT_REGION, most other SDKs AWS_REGION.
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
    };
    if (this.props.djangoSettingsModule !== undefined) {
      contract.DJANGO_SETTINGS_MODULE = this.props.djangoSettingsModule;
    }
    return { ...this.props.containerEnvironment, ...contract };
  }

  /** The secrets of every container: the contract's and the user's `containerSecrets`. */
  secretsForContainers(): { [name: string]: ecs.Secret } {
    return { ...this.secrets };
  }
}
