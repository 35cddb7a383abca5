# `celery -A mate` finds the Celery app here; importing it with Django also makes `@shared_task` use it.
from .celery import app as celery_app

__all__ = ("celery_app",)
