"""Count the queries (and time the rendering) of reader pages, as a signed-in reader.

    python bench/count_queries.py DB_NAME URL [URL ...]

Prints JSON: for each URL the queries and milliseconds of a page rendered from scratch (empty
cache) and of the same page served from the cache.
"""

import json
import sys
import time

from common import READER, setup_django


def measure(client, url, connection):
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    return response.status_code, len(captured), round(elapsed, 1)


def main():
    db_name, urls = sys.argv[1], sys.argv[2:]
    setup_django(db_name)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from pagecache.recent import recent_forget

    def forget():
        cache.clear()
        recent_forget()  # this process's own copies too (pagecache/recent.py)

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=READER[0]))
    results = {}
    for url in urls:
        forget()
        client.get(url)  # warm the process (imports, templates) without counting it
        forget()
        status, miss_queries, miss_ms = measure(client, url, connection)
        _, hit_queries, hit_ms = measure(client, url, connection)
        results[url] = {
            "status": status,
            "miss_queries": miss_queries,
            "miss_ms": miss_ms,
            "hit_queries": hit_queries,
            "hit_ms": hit_ms,
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
