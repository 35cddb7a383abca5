#!/usr/bin/env bash
# Installs, from Debian's packages, the real servers and Python libraries the application-contract end-to-end test
# (scripts/e2e/run.ts) starts: PostgreSQL 15, Redis 7 (TLS built in), Django 3.2, Celery 5.2 (python3-celery, and
# `celery` for its command), psycopg2, redis-py, gunicorn and openssl. Idempotent: installs only what is missing,
# and runs `apt-get update` only when an install fails without it. PyPI is not used (it is unreachable here);
# Debian's packages are the only source.
set -euo pipefail

readonly PACKAGES=(
  postgresql-15 redis-server openssl ca-certificates
  python3 python3-django python3-celery celery python3-psycopg2 python3-redis gunicorn
)

missing=()
for package in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)" != installed ]; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "e2e servers: all of ${PACKAGES[*]} are installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "e2e servers: missing ${missing[*]}, and apt-get is not available to install them (Debian 12 packages expected)." >&2
  exit 1
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "e2e servers: installing ${missing[*]} needs root (or sudo)." >&2
    return 1
  fi
}

echo "e2e servers: installing ${missing[*]} from apt"
install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}")
# The package lists may be stale or absent (a fresh container): update them only when the install needs it.
as_root "${install[@]}" || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update && as_root "${install[@]}"; }
