"""The Celery app of the worker (`celery -A mate worker`) and of Beat (`celery -A mate beat`).

Its settings are Django's `CELERY_*` settings (mate/settings.py): broker and result backend on the tenant's cache over
`rediss://` with the AUTH token.
"""
import os

from celery import Celery

# The library sets DJANGO_SETTINGS_MODULE only when `djangoSettingsModule` is given.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mate.settings")

app = Celery("mate")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
