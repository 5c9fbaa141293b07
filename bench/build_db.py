"""Build a PostgreSQL benchmark database quickly with COPY.

    python bench/build_db.py NAME POSTS COMMENTS TAGS

Skips the work when NAME already holds the same sizes and migrations (BENCH_REBUILD=1 forces).
Comments go into the comments app's table: mostly approved, some replies, by 500 staff.
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
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from pagecache.version import bump_content_version
    from posts.counts import recount_all

    say(f"migrating {name}")
    call_command("migrate", verbosity=0)
    users = get_user_model()
    author = users.objects.create_user(
        AUTHOR, first_name="Chief", last_name="Executive", is_staff=True
    )
    users.objects.create_user(READER[0], password=READER[1], first_name="Bench", last_name="Reader")
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
            "is_sticky, comments_open, created_at, updated_at"
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
                        True,
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
    copy_comments(comments, posts, author, rng)
    # COPY sends no signals: count the published posts per month, tag and author once.
    recount_all()
    check_search_index()
    bump_content_version()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"{name} built in {time.monotonic() - started:.1f} s")


COMMENTERS = 500
# Most comments land on recent posts: the newest posts get a long thread each, at least the
# eleven newest, so the post the benchmark reads (ten from the newest) has the same thread on
# every site size.
BUSY_POSTS = 50
BUSY_COMMENTS = 200
REPLY_SHARE = 0.2
# Share of comments in each status; the rest are approved.
OTHER_STATUSES = (("pending", 0.04), ("rejected", 0.02), ("spam", 0.01))
FIRST_NAMES = "Sam Alex Priya Tom Jo Ade Mei Kate Omar Ruth Dan Ewa Lee Nia Ray".split()  # noqa: SIM905
LAST_NAMES = "Hughes Patel Evans Khan Roberts Smith Jones Ali Brown Wood Chen Lewis".split()  # noqa: SIM905


def copy_commenters(cursor):
    """Copy staff accounts that write the comments; return their ids."""
    from django.utils import timezone

    rng = random.Random(7)
    now = timezone.now()
    with cursor.copy(
        "COPY auth_user (password, is_superuser, username, first_name, last_name, email, "
        "is_staff, is_active, date_joined) FROM STDIN"
    ) as copy:
        for number in range(1, COMMENTERS + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            username = f"{first}.{last}.{number}".lower()
            # "!" marks an unusable password: these accounts only exist to have written comments.
            row = ("!", False, username, first, last, f"{username}@ceoblog.example", False, True)
            copy.write_row((*row, now))
    cursor.execute("SELECT id FROM auth_user WHERE password = '!' ORDER BY id")
    return [row[0] for row in cursor.fetchall()]


def comments_per_post(count, posts, rng):
    """Share count comments out: long threads on the newest posts, the rest at random."""
    busy = min(BUSY_POSTS, max(11, count // (BUSY_COMMENTS * 4)), posts)
    per_post = [0] * (posts + 1)
    for post_id in range(1, busy + 1):
        per_post[post_id] = BUSY_COMMENTS
    left = count - sum(per_post)
    if left > 0 and posts > busy:
        for post_id in rng.choices(range(busy + 1, posts + 1), k=left):
            per_post[post_id] += 1
    return per_post


def comment_status(rng):
    draw = rng.random()
    for status, share in OTHER_STATUSES:
        if draw < share:
            return status
        draw -= share
    return "approved"


def copy_comments(count, posts, author, rng):
    """Copy count comments by many staff, some of them replies, most of them approved."""
    from django.db import connection

    times = post_times(posts)
    started = time.monotonic()
    columns = (
        "id, post_id, author_id, parent_id, body, created_at, status, moderated_by_id, "
        "moderated_at, is_official"
    )
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        commenters = copy_commenters(raw)
        comment_id = 0
        with raw.copy(f"COPY comments_comment ({columns}) FROM STDIN") as copy:
            for post_id, how_many in enumerate(comments_per_post(count, posts, rng)):
                top_level = []
                for number in range(how_many):
                    comment_id += 1
                    created_at = times[post_id - 1] + timedelta(minutes=5 * number + 1)
                    status = comment_status(rng)
                    parent = None
                    official = False
                    if top_level and rng.random() < REPLY_SHARE:
                        parent = rng.choice(top_level)
                        official = rng.random() < 0.1
                    elif status == "approved":
                        top_level.append(comment_id)
                    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
                    moderated = status != "pending"
                    copy.write_row(
                        (
                            comment_id,
                            post_id,
                            author.pk if official else rng.choice(commenters),
                            parent,
                            words.capitalize() + ".",
                            created_at,
                            "approved" if official else status,
                            author.pk if moderated else None,
                            created_at + timedelta(minutes=30) if moderated else None,
                            official,
                        )
                    )
        raw.execute(
            "SELECT setval(pg_get_serial_sequence('comments_comment', 'id'), "
            "(SELECT max(id) FROM comments_comment))"
        )
    say(
        f"{comment_id} comments by {len(commenters)} staff copied in "
        f"{time.monotonic() - started:.1f} s"
    )


def check_search_index():
    """Fail unless every post has its search document and the GIN index exists."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM posts_post WHERE search_vector IS NULL")
        (missing,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'posts_post' "
            "AND indexdef LIKE '%USING gin (search_vector)%'"
        )
        (gin,) = cursor.fetchone()
    if missing or not gin:
        sys.exit(f"build_db: {missing} posts lack a search document; GIN indexes: {gin}")
    say("search: every post has its search document; the GIN index exists")


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
