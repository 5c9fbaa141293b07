"""Shared helpers for the benchmark scripts: Django setup against a chosen database, free ports."""

import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
READER = ("bench-reader", "bench-reader-password-2026")
AUTHOR = "chief-executive"
SECRET_KEY = "bench-only-secret-key-" + "x" * 40


def database_url(name):
    return f"{PG_SERVER}/{name}"


def setup_django(db_name, **extra_env):
    """Configure Django for one benchmark database, with DEBUG off as in production."""
    os.environ.update(
        {
            "DATABASE_URL": database_url(db_name),
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "ceoblog.settings",
            "DJANGO_LOG_LEVEL": "WARNING",
            **extra_env,
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
