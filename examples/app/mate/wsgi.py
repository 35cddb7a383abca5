"""The WSGI application gunicorn serves (`gunicorn mate.wsgi:application`, the Django service's default command)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mate.settings")

application = get_wsgi_application()
