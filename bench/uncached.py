"""Time pages rendered from scratch, in-process, one request at a time (the page cache off).

    python bench/uncached.py [DB_NAME] [RUNS]    (default ceoblog_bench_big, 30 runs)

Renders each reader page as the signed-in bench reader and each admin page as an
administrator, with CEOBLOG_PAGE_CACHE_SECONDS=0 and DEBUG off, through Django's test client,
with a Redis of its own as `make bench` has (a reader's read of a post goes there, as on a
served site, rather than to the database):
no server, network or queue, so it shows what a page costs and little of what else the
machine is doing. Prints the median (p50) and fastest time of RUNS requests per page, and its
queries; "CPU" is this process's own time (the Python side, not PostgreSQL's), which other work
on a shared machine disturbs less than the wall clock. Build the database first (`make bench`,
or bench/build_db.py).
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

from common import READER, ROOT, setup_django
from run import ADMIN, COLD_PAGES, Redis, admin_urls, author_path, pick_urls


def timed(client, url, runs):
    """Return the wall-clock and CPU milliseconds of runs requests for url, after a warm-up."""
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"uncached.py: {url} answered {response.status_code}")
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main():
    db_name = sys.argv[1] if len(sys.argv) > 1 else "ceoblog_bench_big"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    reader_urls = pick_urls(db_name)
    reader_urls["author"] = author_path(db_name)
    pages = [("reader", page, reader_urls[page]) for page in COLD_PAGES]
    pages += [("admin", page, url) for page, url in admin_urls(db_name).items()]
    static_root = tempfile.mkdtemp(prefix="ceoblog-bench-static-")
    redis = Redis()
    try:
        setup_django(
            db_name,
            CACHE_URL=redis.url(0),
            CEOBLOG_PAGE_CACHE_SECONDS="0",
            STATIC_ROOT=static_root,
        )
        measure(db_name, runs, pages)
    finally:
        redis.stop()
        shutil.rmtree(static_root, ignore_errors=True)


def measure(db_name, runs, pages):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    # The pages name their static files by hash (the manifest), as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    users = get_user_model().objects
    admin = users.filter(username=ADMIN[0]).first() or users.create_superuser(ADMIN[0])
    clients = {}
    for role, user in (("reader", users.get(username=READER[0])), ("admin", admin)):
        clients[role] = Client(SERVER_NAME="127.0.0.1")
        clients[role].force_login(user)
    print(f"{db_name}, {runs} runs a page, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{'page':<16} {'p50 ms':>8} {'min ms':>8} {'CPU p50':>8} {'queries':>8}  url")
    for role, page, url in pages:
        wall, cpu = timed(clients[role], url, runs)
        count = queries(clients[role], url)
        median = statistics.median
        print(
            f"{page:<16} {median(wall):8.1f} {min(wall):8.1f} {median(cpu):8.1f} {count:8d}  {url}",
            flush=True,
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
