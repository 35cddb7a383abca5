from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from .models import Note


def index(request):
    """What this task serves: the tenant, whether the request came over HTTPS (through the load balancer), a database
    query and a cache round trip."""
    return JsonResponse({
        "tenant": settings.TENANT_ID,
        "secure": request.is_secure(),
        "notes": Note.objects.count(),
        "cached": cache.get_or_set("index:tenant", settings.TENANT_ID, timeout=60),
    })
