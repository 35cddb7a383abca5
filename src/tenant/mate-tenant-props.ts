import type { Duration } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type { IMateBase } from '../base/mate-base';
import type { TenantAlarmThresholds } from '../monitoring/tenant-alarm-thresholds';
import type { TenantTier } from '../tiers';

/**
 * Properties of one tenant's silo.
 */
export interface MateTenantProps {
  /**
   * The environment the tenant runs in: a `MateBaseInfra`, or `MateBaseInfra.fromEnvironmentName()` for an
   * environment deployed from another app.
   */
  readonly base: IMateBase;

  /**
   * The tenant's id: a lower-case DNS label, served at `<tenantId>.<domainName>` and part of every name
   * (`mate-<tenantId>-<env>-django`). It must be short enough for the longest derived name (the 32-character target
   * group name); the error says how long it may be.
   */
  readonly tenantId: string;

  /**
   * Size and safety settings. Changing it later updates the tenant in place.
   */
  readonly tier: TenantTier;

  /**
   * The application image; it runs Django, the Celery worker and Celery Beat.
   */
  readonly image: ecs.ContainerImage;

  /**
   * Whether the tenant gets its own customer-managed KMS key for its database, cache, bucket, file system, secrets
   * and logs, so that offboarding can destroy the key and with it every copy of the tenant's data (crypto-shredding).
   * With `false` the tenant's data is encrypted with the environment's shared key.
   *
   * Decide at onboarding: RDS, ElastiCache and EFS cannot change their key in place, so changing this later replaces
   * those stores. That is why it is not a tier setting: a tier change must never replace a data store.
   *
   * @default true
   */
  readonly dedicatedKey?: boolean;

  /**
   * Storage allocated to the database when it is created, in GiB (gp3, at least 20). Storage autoscaling grows it up
   * to the tier's `databaseMaxAllocatedStorageGiB`; RDS cannot shrink storage, so lowering this later fails.
   *
   * @default 20
   */
  readonly databaseAllocatedStorageGiB?: number;

  /**
   * Name of the PostgreSQL database created for the application.
   *
   * @default 'mate'
   */
  readonly databaseName?: string;

  /**
   * CPU architecture of the application image. ARM64 (Graviton) is cheaper per vCPU and also runs on Fargate Spot
   * (platform version 1.4.0 and later); choose X86_64 only if the image is not built for arm64.
   *
   * @default ecs.CpuArchitecture.ARM64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * The Python module of the Django project and its Celery app, as in `celery -A <celeryApp> worker` and
   * `gunicorn <celeryApp>.wsgi:application`.
   *
   * @default 'mate'
   */
  readonly celeryApp?: string;

  /**
   * `DJANGO_SETTINGS_MODULE` of every container, as a Python module path.
   *
   * @default - not set; the image's own default applies
   */
  readonly djangoSettingsModule?: string;

  /**
   * Command of the Django web container. It must serve HTTP on the base's `applicationPort`.
   *
   * @default ['gunicorn', '<celeryApp>.wsgi:application', '--bind', '0.0.0.0:<applicationPort>', '--workers', '<2 x vCPU + 1, at least 2>', '--access-logfile', '-', '--forwarded-allow-ips', '*']
   */
  readonly djangoCommand?: string[];

  /**
   * Command of the Celery worker container.
   *
   * @default ['celery', '-A', '<celeryApp>', 'worker', '--loglevel=INFO']
   */
  readonly celeryCommand?: string[];

  /**
   * Command of the Celery Beat container. The default keeps Beat's schedule file in `/tmp`, which a new task starts
   * empty; to keep schedules across restarts, use the database scheduler of django-celery-beat:
   * `['celery', '-A', 'mate', 'beat', '--scheduler', 'django_celery_beat.schedulers:DatabaseScheduler']`.
   *
   * @default ['celery', '-A', '<celeryApp>', 'beat', '--loglevel=INFO', '--schedule', '/tmp/celerybeat-schedule']
   */
  readonly beatCommand?: string[];

  /**
   * Command of the one-off database migration task.
   *
   * @default ['python', 'manage.py', 'migrate', '--noinput']
   */
  readonly migrateCommand?: string[];

  /**
   * Extra plain environment variables for every container. They are written into the template, so names that look
   * like credentials (containing PASSWORD, SECRET, TOKEN, API_KEY, ...) are rejected: pass those in
   * `containerSecrets`. Names of the application contract are rejected too.
   *
   * @default - only the application contract's variables
   */
  readonly containerEnvironment?: { [name: string]: string };

  /**
   * Extra secrets for every container, resolved by ECS when a task starts and never written into the template, for
   * example `{ SENTRY_DSN: ecs.Secret.fromSecretsManager(sentrySecret) }`. Each task definition's execution role is
   * granted read access to them. Names of the application contract are rejected.
   *
   * @default - only the application contract's secrets
   */
  readonly containerSecrets?: { [name: string]: ecs.Secret };

  /**
   * Whether the Celery worker, Celery Beat and migration containers run with a read-only root file system; each
   * container can still write to `/tmp` (task storage) and the worker to the media path. The Django container's root
   * file system stays writable because ECS Exec, which it enables, needs to write its agent there.
   *
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Host names served by the tenant in addition to `<tenantId>.<domainName>`, for example a customer's own domain.
   * At most 4 (a load balancer rule matches at most 5 host names), each a valid lower-case host name of at most 128
   * characters. The certificate of the base's listener must cover them.
   *
   * @default - none
   */
  readonly additionalHostNames?: string[];

  /**
   * Path the load balancer requests to check that a Django task is healthy: starts with '/', no spaces, at most
   * 1024 characters. The request carries the task's private IP address as its Host header, so the view must answer
   * before Django's `ALLOWED_HOSTS` check (see docs/application-contract.md).
   *
   * @default '/health/'
   */
  readonly healthCheckPath?: string;

  /**
   * How long the load balancer lets a deregistering Django task finish its requests (0 to 3600 seconds).
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * How long a new Django task receives a linearly growing share of requests before its full share (30 to 900
   * seconds, or 0 to turn slow start off).
   *
   * @default Duration.seconds(30)
   */
  readonly slowStart?: Duration;

  /**
   * Which of the environment's load balancers serves the tenant, from 0 (`<prefix>-<environment>`) to the base's
   * `loadBalancers` minus one (index 1 is `<prefix>-<environment>-2`, and so on). The tenant's target group and
   * listener rule go on that load balancer, and, when the environment has a hosted zone, the alias record of
   * `<tenantId>.<domainName>` points at it.
   *
   * A load balancer holds at most 100 tenants. Without `listenerRulePriority`, the environment's placement function
   * places the tenant on this load balancer when the stack first deploys, seeing the tenants of every app, and the
   * deployment fails before any data store exists if it is full. With `listenerRulePriority`, the 101st tenant of an
   * app on one load balancer fails at synth (tenants of other apps are not seen). Changing it moves the tenant: its
   * rule, target group and DNS record are replaced, and its data stores are untouched.
   *
   * @default - any load balancer with room, chosen at the first deployment and kept: redeploying this or any other
   * tenant, from any app, never moves it
   */
  readonly loadBalancerIndex?: number;

  /**
   * Pins the priority of the tenant's rule on its load balancer's HTTPS listener (1 to 49900; the placement function
   * hands out 49901 to 50000); the tenant is then placed at synthesis, on `loadBalancerIndex` or load balancer 0.
   * Priorities must be unique per listener: a collision with another tenant of the same app fails at synth and names
   * this prop, but tenants of other apps are not seen, so pin only priorities you allocate yourself.
   *
   * @default - chosen when the stack first deploys by the environment's placement function (`Custom::MateTenantPlacement`),
   * unique on the listener across every app of the environment and kept for the tenant's life; a tenant deployed by
   * an earlier version keeps the rule it has
   */
  readonly listenerRulePriority?: number;

  /**
   * Average CPU utilization (percent, 10 to 90) that autoscaling keeps the Django and Celery worker services at,
   * between the tier's `minTasks` and `maxTasks`.
   *
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * Average memory utilization (percent, 10 to 90) that autoscaling keeps the Django and Celery worker services at.
   *
   * @default 75
   */
  readonly targetMemoryUtilizationPercent?: number;

  /**
   * Load balancer requests per minute per Django task that autoscaling aims for.
   *
   * @default 1000
   */
  readonly targetRequestsPerTask?: number;

  /**
   * Whether every deployment runs the migration task, and waits for it to succeed, before the services roll out
   * their new task definitions. It runs on the first deployment and whenever the migration task definition changes
   * (a new image, command or environment). A migration that exits with a non-zero code, cannot start, or runs longer
   * than 14 minutes fails the deployment, and CloudFormation rolls the services back to their previous task
   * definitions. With `false`, run the command in the stack output `MigrateCommand...` before each rollout.
   *
   * @default true
   */
  readonly migrateOnDeploy?: boolean;

  /**
   * Whether the tenant gets its alarms (Django 5xx rate, unhealthy targets, p99 latency, database CPU and free storage,
   * cache memory and evictions, Django or Celery Beat not running), each notifying the environment's alarm topic when
   * it goes off and when it recovers, and, with `dashboard`, its own dashboard.
   *
   * @default true
   */
  readonly monitoring?: boolean;

  /**
   * Whether the tenant gets a CloudWatch dashboard of its own, `<prefix>-<tenantId>-<env>` (alarm states, requests,
   * services, database and cache, with each alarm's threshold). Only with `monitoring`.
   *
   * A dashboard costs $3 a month past the account's first three; 1,000 tenants would pay $3,000 a month for them. The
   * environment's dashboard `<prefix>-<env>` shows any one tenant's services, requests, database and cache through
   * its tenant selector, so a dashboard per tenant is for a tenant watched on a screen of its own.
   *
   * @default false
   */
  readonly dashboard?: boolean;

  /**
   * The tenant's monthly cost budget in US dollars: an AWS Budget `<prefix>-<tenantId>-<env>` on the cost tagged with
   * the tenant and its environment, notifying the environment's alarm topic when the month's actual cost, or its
   * forecast, passes this amount. 0 creates no budget.
   *
   * The cost-allocation tags `mate:tenant` and `mate:environment` must be activated once per account (Billing console,
   * or `aws ce update-cost-allocation-tags-status`); until then the budget sees no cost. A budget costs about $0.62 a
   * month past the account's first two.
   *
   * @default - the tier's fixed monthly estimate (database, cache, the services' minimum tasks, secrets and key at
   * us-east-1 list prices, see docs/cost.md) times 1.5 for usage, rounded up to a whole dollar; no budget, with a
   * synth warning, for a custom tier naming a size the price table does not price
   */
  readonly monthlyBudgetUsd?: number;

  /**
   * Thresholds of the tenant's alarms, to override the ones its tier implies. Only with `monitoring`.
   *
   * @default - every threshold from the tier (see `TenantAlarmThresholds`)
   */
  readonly alarmThresholds?: TenantAlarmThresholds;
}
