import logging
import time

from celery import shared_task
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Note

logger = logging.getLogger(__name__)


@shared_task
def write_note(text, seconds=0):
    """Touches all three stores of the tenant: a row in PostgreSQL, a key in the cache, a file under MEDIA_ROOT.

    `seconds` makes the task take that long, to show that a worker told to stop (SIGTERM) finishes it first.
    """
    time.sleep(seconds)
    note = Note.objects.create(text=text)
    note.file.save(f"{note.pk}.txt", ContentFile(text.encode()), save=True)
    cache.set(f"note:{note.pk}", text, timeout=3600)
    logger.info("note %s written: row, cache key note:%s and file %s", note.pk, note.pk, note.file.name)
    return note.pk


@shared_task
def heartbeat():
    """Sent by Beat every 10 seconds: the time the worker last ran a scheduled task, for a dashboard or an alarm."""
    now = timezone.now().isoformat()
    cache.set("heartbeat", now, timeout=600)
    return now
