"""Settings of the reference app, written to MATE's application contract and nothing else.

Every value comes from a variable or secret the library's task definitions give each container (the library's
docs/application-contract.md); a missing one fails at startup with a KeyError naming it. The one addition is
DATABASE_CA_BUNDLE, set by the image (Dockerfile) to the RDS certificate bundle it contains: with it, the database's
certificate and host name are verified (sslmode verify-full); without it, the connection is still encrypted (sslmode
require). Redis's certificate is verified against the system's trust store, which holds the CA of ElastiCache's
certificates (OpenSSL's SSL_CERT_FILE points elsewhere when needed).

The app writes only to /tmp (the scratch volume; the root file system is read-only) and to MEDIA_ROOT (the tenant's
EFS access point).
"""
import os
from pathlib import Path
from urllib.parse import quote


def contract(name):
    """A variable or secret of the application contract; a KeyError names the missing one."""
    return os.environ[name]


BASE_DIR = Path(__file__).resolve().parent.parent

TENANT_ID = contract("MATE_TENANT_ID")
SERVICE_ROLE = contract("MATE_SERVICE_ROLE")

SECRET_KEY = contract("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = [host for host in contract("DJANGO_ALLOWED_HOSTS").split(",") if host]

# TLS ends at the load balancer, which sets X-Forwarded-Proto; gunicorn is started with --forwarded-allow-ips '*'.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The path of the target group's health check (MateTenant's `healthCheckPath`, default '/health/').
HEALTH_CHECK_PATH = "/health/"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "notes",
]

MIDDLEWARE = [
    # First: answers the health check before any middleware asks for the host (mate/health.py).
    "mate.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "mate.urls"
WSGI_APPLICATION = "mate.wsgi.application"

# PostgreSQL requires TLS (the parameter group sets rds.force_ssl). Connections stay open (CONN_MAX_AGE): PostgreSQL
# checks the password only when a connection opens, so open connections outlive a password rotation until the
# automatic rollout replaces the tasks.
_database_ca_bundle = os.environ.get("DATABASE_CA_BUNDLE")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": contract("DATABASE_HOST"),
        "PORT": contract("DATABASE_PORT"),
        "NAME": contract("DATABASE_NAME"),
        "USER": contract("DATABASE_USER"),
        "PASSWORD": contract("DATABASE_PASSWORD"),
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "connect_timeout": 10,
            **(
                {"sslmode": "verify-full", "sslrootcert": _database_ca_bundle}
                if _database_ca_bundle
                else {"sslmode": "require"}
            ),
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache accepts TLS only and requires the AUTH token. Broker, result backend and Django's cache share database 0.
REDIS_TLS = contract("REDIS_TLS") == "true"
REDIS_URL = "{scheme}://:{token}@{host}:{port}/0".format(
    scheme="rediss" if REDIS_TLS else "redis",
    token=quote(contract("REDIS_AUTH_TOKEN"), safe=""),
    host=contract("REDIS_HOST"),
    port=contract("REDIS_PORT"),
)
_redis_tls_options = {"ssl_cert_reqs": "required"} if REDIS_TLS else {}

CACHES = {
    "default": {
        "BACKEND": "mate.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "cache",
        "OPTIONS": {**_redis_tls_options, "socket_connect_timeout": 5, "socket_timeout": 5},
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_BROKER_USE_SSL = _redis_tls_options or None
CELERY_REDIS_BACKEND_USE_SSL = _redis_tls_options or None
CELERY_RESULT_EXPIRES = 3600
# A task never outlives the worker's stop timeout (120 seconds): on SIGTERM the worker finishes running tasks (warm
# shutdown) and exits before ECS kills it.
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_TIME_LIMIT = 110
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "notes.tasks.heartbeat", "schedule": 10.0},
}

MEDIA_ROOT = contract("MEDIA_ROOT")
MEDIA_URL = "/media/"

AWS_STORAGE_BUCKET_NAME = contract("AWS_STORAGE_BUCKET_NAME")
AWS_REGION = contract("AWS_REGION")

USE_TZ = True
TIME_ZONE = "UTC"

# Logs go to stdout, which ECS sends to the role's log group /ecs/mate-<tenant>-<env>/<role>.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": f"%(asctime)s %(levelname)s [{SERVICE_ROLE}] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
