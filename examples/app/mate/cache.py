"""A minimal Django cache backend on one Redis (or Valkey) server, for Django 3.2.

Django 3.2 has no built-in Redis cache; Django 4.0 and later have `django.core.cache.backends.redis.RedisCache`: use
that one when you upgrade (its LOCATION and OPTIONS are the same URL and redis-py keyword arguments as here). The
connection pool of redis-py is thread-safe and reconnects by itself, so one client per process is enough.

    CACHES = {"default": {
        "BACKEND": "mate.cache.RedisCache",
        "LOCATION": "rediss://:<token>@<host>:<port>/0",
        "OPTIONS": {"ssl_cert_reqs": "required"},   # keyword arguments of redis.Redis.from_url
    }}
"""
import pickle

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class RedisCache(BaseCache):
    def __init__(self, server, params):
        super().__init__(params)
        self._client = redis.Redis.from_url(server, **params.get("OPTIONS", {}))

    def _ttl(self, timeout):
        """Seconds until the key expires: None for never, 0 or less for not at all (Django's convention)."""
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else int(timeout)

    def _key(self, key, version):
        key = self.make_key(key, version=version)
        self.validate_key(key)
        return key

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key, ttl = self._key(key, version), self._ttl(timeout)
        if ttl is not None and ttl <= 0:
            return False
        return bool(self._client.set(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), ex=ttl, nx=True))

    def get(self, key, default=None, version=None):
        value = self._client.get(self._key(key, version))
        return default if value is None else pickle.loads(value)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key, ttl = self._key(key, version), self._ttl(timeout)
        if ttl is not None and ttl <= 0:
            self._client.delete(key)
        else:
            self._client.set(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), ex=ttl)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key, ttl = self._key(key, version), self._ttl(timeout)
        if ttl is None:
            return bool(self._client.persist(key))
        return bool(self._client.expire(key, max(ttl, 0)))

    def delete(self, key, version=None):
        return bool(self._client.delete(self._key(key, version)))

    def clear(self):
        # Only this cache's keys: Celery's broker and results share the server.
        for keys in _chunks(self._client.scan_iter(match=f"{self.key_prefix}:*", count=500), 500):
            self._client.delete(*keys)

    def close(self, **kwargs):
        # Keep the pool open across requests, as Django's own Redis backend does.
        pass


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
