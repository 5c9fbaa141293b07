"""Print PostgreSQL plans for every query of the reader pages on a benchmark database.

    python bench/explain.py [DB_NAME]     (default ceoblog_bench_big; build it with make bench)

Each page is rendered once from an empty cache as a signed-in reader; every query it runs
(lists, counts, the sidebar's month and tag counts) is shown with EXPLAIN (ANALYZE, BUFFERS).
A sequential scan on a large table is flagged.
"""

import sys

from common import READER, setup_django


def page_urls():
    from django.db.models import Count
    from taggit.models import Tag

    from posts.models import Post

    post = Post.objects.published().order_by("-published_at")[10]
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
    }


def main():
    db_name = sys.argv[1] if len(sys.argv) > 1 else "ceoblog_bench_big"
    setup_django(db_name, CACHE_URL="locmem://")
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
            if sql in seen or any(t in sql for t in ("django_session", "pagecache_", "auth_user")):
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
