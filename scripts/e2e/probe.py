"""A long-lived process of the reference app for the password-rotation check (scripts/e2e/e2e.py).

Started with a container's environment in examples/app, it opens the app's database connection (mate.settings: TLS,
the secret's credentials) and prints `connected`; then, for each line on stdin, runs a query over that same
connection and prints `ok <count>` or `error <message>`. An open connection must survive a rotation of the password.
"""
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mate.settings")
sys.path.insert(0, os.getcwd())

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

connection.ensure_connection()
backend_pid = connection.connection.get_backend_pid()
print(f"connected {backend_pid}", flush=True)

for _line in sys.stdin:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), count(*) FROM notes_note")
            pid, count = cursor.fetchone()
        print(f"ok {pid} {count}" if pid == backend_pid else f"error reconnected ({backend_pid} -> {pid})", flush=True)
    except Exception as error:  # noqa: BLE001 - reported to the test
        print(f"error {type(error).__name__}: {str(error).strip()}", flush=True)
