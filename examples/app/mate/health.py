"""Answers the load balancer's health check before Django checks the Host header.

The load balancer sends health checks with the task's private IP address as the `Host` header, which is not in
`ALLOWED_HOSTS` (DJANGO_ALLOWED_HOSTS holds the tenant's host names). Placed first in MIDDLEWARE, this middleware
answers the health check path without calling `request.get_host()`, so that check never runs for it; every other
request goes through Django's host check as usual.

The answer says only that the process serves requests: it touches neither the database nor the cache, so that a slow
database does not make the load balancer drain every task of the tenant at once.
"""
from django.conf import settings
from django.http import HttpResponse


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path = settings.HEALTH_CHECK_PATH

    def __call__(self, request):
        if request.path == self.path and request.method in ("GET", "HEAD"):
            return HttpResponse("ok\n", content_type="text/plain")
        return self.get_response(request)
