"""Build a PostgreSQL benchmark database quickly with COPY.

    python bench/build_db.py NAME POSTS COMMENTS TAGS

Skips the work when NAME already holds the same sizes and migrations (BENCH_REBUILD=1 forces).
Comments go into the comments app's table when that app is installed.
"""

import hashlib
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
from common import AUTHOR, PG_SERVER, READER, ROOT, database_url, setup_django

WORDS = """council staff team thanks budget library county service residents partners week care
school road housing plan winter summer volunteers colleagues progress meeting visit""".split()  # noqa: SIM905
LONDON = ZoneInfo("Europe/London")
# The newest post: a fixed moment, so every build gives the same addresses.
NEWEST = datetime(2026, 11, 16, 8, 30, tzinfo=UTC)


def say(message):
    print(f"[build_db] {message}", flush=True)


def stamp_for(posts, comments, tags):
    migrations = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/migrations/0*.py"))
    digest = hashlib.sha256("\n".join(migrations).encode()).hexdigest()[:16]
    return f"ceoblog bench posts={posts} comments={comments} tags={tags} schema={digest}"


def existing_stamp(name):
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return None if row is None else (row[0] or "")


def recreate(name):
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def paragraph(rng, number):
    words = " ".join(rng.choice(WORDS) for _ in range(60))
    return f"<p>{words.capitalize()}, paragraph {number}.</p>"


def post_times(count):
    # A post every three days for a small site; 100,000 posts spread over about twenty years.
    step = timedelta(hours=72) if count <= 1000 else timedelta(hours=1.75)
    return [NEWEST - step * number for number in range(count)]


def build(name, posts, comments, tags):
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from pagecache.version import bump_content_version

    say(f"migrating {name}")
    call_command("migrate", verbosity=0)
    users = get_user_model()
    author = users.objects.create_user(
        AUTHOR, first_name="Chief", last_name="Executive", is_staff=True
    )
    reader = users.objects.create_user(
        READER[0], password=READER[1], first_name="Bench", last_name="Reader"
    )
    rng = random.Random(2026)
    started = time.monotonic()
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy("COPY taggit_tag (id, name, slug) FROM STDIN") as copy:
            for number in range(1, tags + 1):
                word = WORDS[number % len(WORDS)]
                copy.write_row((number, f"{word} {number}", f"{word}-{number}"))
        now = datetime.now(UTC)
        columns = (
            "id, title, slug, author_id, body, excerpt, status, published_at, published_on, "
            "is_sticky, created_at, updated_at"
        )
        with raw.cursor().copy(f"COPY posts_post ({columns}) FROM STDIN") as copy:
            for number, published_at in enumerate(post_times(posts), start=1):
                body = "\n".join(paragraph(rng, n) for n in range(1, 6))
                copy.write_row(
                    (
                        number,
                        f"Update {number}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                        f"update-{number}",
                        author.pk,
                        body,
                        "",
                        "published",
                        published_at,
                        published_at.astimezone(LONDON).date(),
                        False,
                        now,
                        now,
                    )
                )
        say(f"{posts} posts and {tags} tags copied in {time.monotonic() - started:.1f} s")
        # A few popular tags and a long tail, three tags a post.
        weights = [1 / rank for rank in range(1, tags + 1)]
        with raw.cursor().copy(
            "COPY posts_taggedpost (content_object_id, tag_id) FROM STDIN"
        ) as copy:
            for number in range(1, posts + 1):
                for tag_id in set(rng.choices(range(1, tags + 1), weights, k=3)):
                    copy.write_row((number, tag_id))
        for table in ("taggit_tag", "posts_post"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    if apps.is_installed("comments"):
        copy_comments(comments, posts, reader, rng)
    else:
        say("comments: the comments app is not installed on this branch; none generated")
    bump_content_version()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"{name} built in {time.monotonic() - started:.1f} s")


def comment_row(fields, post_id, post_time, reader, rng, number):
    """Fill each column of the comments table with a plausible value."""
    from django.db import models

    row = []
    for field in fields:
        name = field.name
        related = getattr(field.remote_field, "model", None)
        if related is not None and related._meta.label == "posts.Post":
            value = post_id
        elif related is not None and related._meta.label == "auth.User":
            value = reader.pk
        elif related is not None:
            value = None
        elif field.choices:
            keys = [key for key, _ in field.flatchoices]
            wanted = [k for k in keys if str(k).lower() in {"approved", "published", "visible"}]
            value = wanted[0] if wanted else field.get_default()
        elif isinstance(field, models.DateTimeField):
            value = post_time + timedelta(minutes=number % 600 + 1)
        elif isinstance(field, models.EmailField):
            value = "bench-reader@ceoblog.example"
        elif isinstance(field, models.GenericIPAddressField):
            value = "127.0.0.1"
        elif isinstance(field, models.TextField | models.CharField) and name != "slug":
            text = " ".join(rng.choice(WORDS) for _ in range(25))
            value = text[: field.max_length] if field.max_length else text
        elif field.has_default():
            value = field.get_default()
        else:
            value = None
        row.append(value)
    return row


def copy_comments(count, posts, reader, rng):
    from django.apps import apps
    from django.db import connection

    model = apps.get_model("comments", "Comment")
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    times = post_times(posts)
    started = time.monotonic()
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        ) as copy,
    ):
        for number in range(count):
            post_id = rng.randint(1, posts)
            row = comment_row(fields, post_id, times[post_id - 1], reader, rng, number)
            copy.write_row(row)
    say(f"{count} comments copied in {time.monotonic() - started:.1f} s")


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: build_db.py NAME POSTS COMMENTS TAGS")
    name = sys.argv[1]
    posts, comments, tags = (int(value) for value in sys.argv[2:])
    if not name.startswith("ceoblog_bench_"):
        sys.exit("build_db.py: benchmark databases are named ceoblog_bench_*")
    stamp = stamp_for(posts, comments, tags)
    if os.environ.get("BENCH_REBUILD") != "1" and existing_stamp(name) == stamp:
        say(f"{name} already holds {posts} posts, {comments} comments, {tags} tags")
        return
    recreate(name)
    setup_django(name)
    build(name, posts, comments, tags)
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{stamp}'")


if __name__ == "__main__":
    main()
