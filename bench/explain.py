"""Print PostgreSQL plans for every query of the reader pages on a benchmark database.

    python bench/explain.py [DB_NAME]     (default ceoblog_bench_big; build it with make bench)

Each page is rendered once from an empty cache as a signed-in reader; every query it runs
(lists, counts, comment counts, the post's comments, search, feeds, the sidebar's month and tag
counts) is shown with EXPLAIN (ANALYZE, BUFFERS). A sequential scan is flagged. The plans are
also written to bench/results/<date>-plans.txt.
"""

import contextlib
import io
import sys
from datetime import date

from common import READER, ROOT, setup_django

# One-row look-ups by primary key, the same on every page.
SKIPPED = ("django_session", "pagecache_contentversion", "auth_user")


def page_urls():
    from django.db.models import Count
    from taggit.models import Tag

    from posts.models import Post

    post = Post.objects.published().order_by("-published_at", "-id")[10]
    day = post.local_published_at()
    tags = Tag.objects.annotate(uses=Count("tagged_posts")).filter(uses__gt=0)
    popular, rare = tags.order_by("-uses", "id").first(), tags.order_by("uses", "id").first()
    return {
        "home": "/",
        "home, page 50": "/page/50/",
        "post": post.get_absolute_url(),
        "year": f"/{day:%Y}/",
        "month": f"/{day:%Y/%m}/",
        "day": f"/{day:%Y/%m/%d}/",
        f"tag used {popular.uses} times": f"/tag/{popular.slug}/",
        f"tag used {rare.uses} times": f"/tag/{rare.slug}/",
        "author": f"/author/{post.author.username}/",
        "search": "/search/?q=library",
        "search, rare word": "/search/?q=winter+volunteers",
        "feed": "/feed/",
        "post's comment feed": f"{post.get_absolute_url()}feed/",
    }


def main():
    db_name = sys.argv[1] if len(sys.argv) > 1 else "ceoblog_bench_big"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        explain(db_name)
    sys.stdout.write(out.getvalue())
    path = ROOT / "bench" / "results" / f"{date.today():%Y-%m-%d}-plans.txt"
    path.write_text(out.getvalue())
    print(f"\n[explain] written to {path.relative_to(ROOT)}")


def explain(db_name):
    print(f"PostgreSQL plans on {db_name}, {date.today():%Y-%m-%d}")
    # DEBUG on only so that pages render without collected static files; plans do not change.
    setup_django(db_name, CACHE_URL="locmem://", DJANGO_DEBUG="true")
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=READER[0]))
    seen = set()
    for page, url in page_urls().items():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        print(f"\n{'=' * 100}\n{page}: GET {url} -> {status}, {len(captured)} queries")
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql in seen or any(f'FROM "{table}"' in sql for table in SKIPPED):
                continue
            seen.add(sql)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            flag = "  <-- sequential scan" if any("Seq Scan" in line for line in plan) else ""
            print(f"\n-- {sql[:300]}{'…' if len(sql) > 300 else ''}{flag}")
            print("\n".join(plan))


if __name__ == "__main__":
    main()
