import gc
import os
import runpy
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_django(env_overrides, code="import django; django.setup(); print('started')"):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "ceoblog.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django({"DJANGO_DEBUG": "false"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "ceoblog: set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development) to start."
    ]


def test_starts_in_debug_with_the_flagged_development_key():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECRET_KEY)"
    )
    result = run_django({"DJANGO_DEBUG": "true"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("django-insecure-")


def test_environment_chooses_hosts_time_zone_and_title():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLOWED_HOSTS, settings.TIME_ZONE, settings.CEOBLOG_TITLE, settings.USE_TZ)"
    )
    result = run_django(
        {
            "DJANGO_SECRET_KEY": "k",
            "DJANGO_ALLOWED_HOSTS": "blog.intranet, ceo.intranet",
            "TIME_ZONE": "Europe/Dublin",
            "CEOBLOG_TITLE": "Hello",
        },
        code,
    )
    assert result.stdout.strip() == "['blog.intranet', 'ceo.intranet'] Europe/Dublin Hello True"


def test_a_bad_number_in_the_environment_is_a_one_line_error():
    result = run_django({"DJANGO_SECRET_KEY": "k", "CEOBLOG_POSTS_PER_PAGE": "ten"})
    assert result.returncode != 0
    assert "CEOBLOG_POSTS_PER_PAGE must be a whole number" in result.stderr


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("sqlite:////tmp/blog.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://blog:secret@db.internal:5432/ceoblog", "django.db.backends.postgresql"),
    ],
)
def test_database_url_picks_the_database(url, engine):
    assert dj_database_url.parse(url)["ENGINE"] == engine


def test_unset_database_url_means_sqlite_in_the_project():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    env = {"DJANGO_SECRET_KEY": "k"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            **env,
            "DJANGO_SETTINGS_MODULE": "ceoblog.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3")]


def test_every_value_left_empty_in_env_example_keeps_its_default():
    example = (ROOT / ".env.example").read_text()
    empty = {
        line.split("=", 1)[0]: ""
        for line in example.splitlines()
        if line and not line.startswith("#") and line.endswith("=")
    }
    assert {"CACHE_URL", "DJANGO_SESSION_ENGINE", "MEDIA_ROOT", "STATIC_ROOT"} <= empty.keys()
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, "
        "settings.MEDIA_ROOT, settings.STATIC_ROOT, sep='\\n')"
    )
    result = run_django({**empty, "DJANGO_DEBUG": "true"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "accounts.session_store",
        str(ROOT / "media"),
        str(ROOT / "staticfiles"),
    ]


def test_with_redis_the_cache_gives_up_within_a_second_and_sessions_live_in_the_database():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "cache = settings.CACHES['default']; "
        "print(cache['BACKEND'], cache['OPTIONS']['socket_connect_timeout'], "
        "cache['OPTIONS']['socket_timeout'], settings.SESSION_ENGINE, sep='\\n')"
    )
    result = run_django(
        {"DJANGO_DEBUG": "true", "CACHE_URL": "redis://cache.internal:6379/0"}, code
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ceoblog.cachebackend.ResilientRedisCache",
        "0.5",
        "0.5",
        # Not cached_db: a Redis restored from a snapshot would bring back signed-out sessions.
        "accounts.session_store",
    ]


def test_gunicorn_settings_left_empty_in_env_example_keep_their_defaults(monkeypatch):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.setenv(name, "")
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] >= 2
    assert (config["threads"], config["worker_class"]) == (1, "sync")


def test_gunicorn_leaves_the_loaded_application_out_of_the_workers_collections():
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    try:
        config["pre_fork"](server=None, worker=None)
        # Everything this test process had loaded is frozen, as a worker's inheritance is.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_reads_kept_for_less_than_two_days_is_a_one_line_error():
    result = run_django({"DJANGO_DEBUG": "true", "CEOBLOG_READS_KEPT_DAYS": "1"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "ceoblog: CEOBLOG_READS_KEPT_DAYS must be 2 or more."
    ]
