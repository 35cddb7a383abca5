from django.db import models


class Note(models.Model):
    """A note written by the worker (notes.tasks.write_note): a row, a cached copy and a file under MEDIA_ROOT."""

    text = models.CharField(max_length=200)
    file = models.FileField(upload_to="notes/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.text
