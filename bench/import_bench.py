"""Time the WordPress import and measure its peak memory on SQLite and PostgreSQL.

    python bench/import_bench.py [--posts 10000] [--comments-per-post 5]

Generates a WXR file of the given size (and one a tenth of it, to show memory stays flat),
then imports each into a fresh database, in a fresh process, per database: a new SQLite file,
and, when DATABASE_URL names a PostgreSQL server, a new database "<name>_import_bench" on it
that is dropped afterwards. Each line ends with the machine's load average when the import
ended, since the machine may be shared.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60
# Distinct people commenting: each becomes an inactive account on the first import.
COMMENTERS = 3000
WORDS = [
    "council",
    "staff",
    "thanks",
    "team",
    "budget",
    "library",
    "school",
    "roads",
    "care",
    "housing",
    "waste",
    "recycling",
    "volunteers",
    "residents",
    "services",
    "community",
    "week",
    "partners",
    "update",
    "plans",
]


def paragraph(number, length=60):
    return " ".join(
        WORDS[(number * 7 + index) % len(WORDS)] for index in range(length)
    ).capitalize()


def write_export(path, posts, comments_per_post):
    """Write a WXR 1.2 file with posts, tags, a caption and comments threaded three deep."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Benchmark blog</title><link>https://bench.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_blog_url>https://bench.example</wp:base_blog_url>\n"
            "<wp:author><wp:author_login>chief</wp:author_login>"
            "<wp:author_email>chief@bench.example</wp:author_email></wp:author>\n"
        )
        comment_id = 1
        for number in range(1, posts + 1):
            day = 1 + number % 28
            month = 1 + (number // 28) % 12
            year = 2005 + number // 336
            date = f"{year}-{month:02d}-{day:02d} 09:{number % 60:02d}:00"
            body = (
                f"{paragraph(number)}\nA second line.\n\n{paragraph(number + 1)}\n\n"
                f'[caption id="attachment_1" width="300"]<img src="https://bench.example/'
                f'wp-content/uploads/{year}/{month:02d}/photo{number}.jpg" alt="Photo"> '
                f"Caption {number}[/caption]\n\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>"
            )
            out.write(
                f"<item><title>Post number {number}</title>"
                f"<link>https://bench.example/{year}/{month:02d}/{day:02d}/post-{number}/</link>"
                "<dc:creator><![CDATA[chief]]></dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:comment_status>{'closed' if number % 10 == 0 else 'open'}"
                "</wp:comment_status>"
                f"<wp:post_name>post-{number}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
                "<wp:is_sticky>0</wp:is_sticky>"
                f'<category domain="post_tag" nicename="topic-{number % 50}">'
                f"<![CDATA[Topic {number % 50}]]></category>"
                f'<category domain="category" nicename="section-{number % 8}">'
                f"<![CDATA[Section {number % 8}]]></category>"
            )
            previous = 0
            for index in range(comments_per_post):
                # Threads as WordPress keeps them: a comment, a reply, a reply to the reply...
                parent = previous if index % 3 else 0
                state = "0" if index % 4 == 0 else "1"
                if comment_id % 50 == 0:
                    state = "spam"
                elif comment_id % 97 == 0:
                    state = "trash"
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author><![CDATA[Reader {comment_id % COMMENTERS}]]>"
                    "</wp:comment_author>"
                    f"<wp:comment_author_email>reader{comment_id % COMMENTERS}@bench.example"
                    "</wp:comment_author_email>"
                    f"<wp:comment_date>{date}</wp:comment_date>"
                    f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[Thank you, {paragraph(comment_id, 12)}]]>"
                    "</wp:comment_content>"
                    f"<wp:comment_approved>{state}</wp:comment_approved>"
                    "<wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                )
                previous = comment_id
                comment_id += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


def child(export):
    """Migrate the database named by DATABASE_URL, import export, print timings as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ceoblog.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from comments.models import Comment
    from posts.models import Post
    from wordpress.importer import WordPressImport

    call_command("migrate", verbosity=0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    WordPressImport(export).run()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(peak / 1024, 1),
                "before_import_rss_mb": round(before / 1024, 1),
                "posts": Post.objects.count(),
                "comments": Comment.objects.count(),
                "replies": Comment.objects.filter(parent__isnull=False).count(),
                "load": round(os.getloadavg()[0], 1),
            }
        )
    )


def postgres_bench_url(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_import_bench"
    return urlunsplit(parts._replace(path="/" + name)), name


def run(label, export, database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "django-insecure-bench-only"),
    }
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(export)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"{label}: the import failed:\n{result.stderr}")
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    verdict = "within" if numbers["seconds"] < TARGET_SECONDS else "OVER"
    print(
        f"{label:<34} {numbers['seconds']:>6.1f} s ({verdict} {TARGET_SECONDS} s)  "
        f"peak RSS {numbers['peak_rss_mb']:>6.1f} MB (before import "
        f"{numbers['before_import_rss_mb']:.1f} MB)  posts {numbers['posts']}, "
        f"comments imported {numbers['comments']} ({numbers['replies']} replies)  "
        f"load {numbers['load']}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    postgres = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        folder = Path(folder)
        sizes = [max(options.posts // 10, 1), options.posts]
        for posts in sizes:
            export = folder / f"export-{posts}.xml"
            write_export(export, posts, options.comments_per_post)
            size = export.stat().st_size / 1024 / 1024
            comments = posts * options.comments_per_post
            print(f"\n{posts} posts, {comments} comments: {export.name}, {size:.1f} MB")
            run("SQLite", export, f"sqlite:///{folder / f'bench-{posts}.sqlite3'}")
            if postgres.startswith(("postgres://", "postgresql://")):
                url, name = postgres_bench_url(postgres)
                env = {**os.environ, "PGPASSWORD": urlsplit(postgres).password or ""}
                # A database of its own, created here and so safe to drop here.
                subprocess.run(["createdb", *_pg_args(postgres), name], check=True, env=env)
                try:
                    run("PostgreSQL", export, url)
                finally:
                    subprocess.run(["dropdb", *_pg_args(postgres), name], check=False, env=env)
            else:
                print("PostgreSQL: skipped (set DATABASE_URL=postgres://... to include it)")


def _pg_args(url):
    parts = urlsplit(url)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    return [*args, "-U", parts.username] if parts.username else args


if __name__ == "__main__":
    main()
