import { Duration } from 'aws-cdk-lib';

/** The defaults of the service-side props of `MateTenant`, in one place so docs, code and tests agree. */
export const SERVICE_DEFAULTS = {
  celeryApp: 'mate',
  healthCheckPath: '/health/',
  deregistrationDelay: Duration.seconds(30),
  slowStart: Duration.seconds(30),
  /** Long enough for Django to import the project and open its first connections before health checks count. */
  healthCheckGracePeriod: Duration.seconds(60),
  targetCpuUtilizationPercent: 60,
  targetMemoryUtilizationPercent: 75,
  targetRequestsPerTask: 1000,
  readonlyRootFilesystem: true,
  migrateOnDeploy: true,
} as const;

/** Where every container may write although its root file system is read-only. */
export const SCRATCH_PATH = '/tmp';

/** The schedule file of Celery Beat: on the scratch volume, because the root file system is read-only. */
export const BEAT_SCHEDULE_FILE = `${SCRATCH_PATH}/celerybeat-schedule`;

/**
 * Gunicorn workers per task: the usual `2 x vCPU + 1`, at least 2 so that one slow request never blocks the task's
 * only worker while the load balancer keeps sending it traffic.
 */
export function gunicornWorkers(cpu: number): number {
  return Math.max(2, Math.floor((2 * cpu) / 1024) + 1);
}

/** The default command of each role, from the Celery app module and the port the load balancer forwards to. */
export function defaultCommands(celeryApp: string, applicationPort: number, cpu: number) {
  return {
    django: [
      'gunicorn', `${celeryApp}.wsgi:application`,
      '--bind', `0.0.0.0:${applicationPort}`,
      '--workers', `${gunicornWorkers(cpu)}`,
      '--access-logfile', '-',
      // Tasks accept connections from the load balancer only, so its X-Forwarded-* headers can be trusted.
      '--forwarded-allow-ips', '*',
    ],
    celery: ['celery', '-A', celeryApp, 'worker', '--loglevel=INFO'],
    beat: ['celery', '-A', celeryApp, 'beat', '--loglevel=INFO', '--schedule', BEAT_SCHEDULE_FILE],
    migrate: ['python', 'manage.py', 'migrate', '--noinput'],
  };
}
