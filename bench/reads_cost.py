"""Time the cached post page in-process, with reads counted and not, one request at a time.

    python bench/reads_cost.py DB_NAME URL [REQUESTS]

Prints JSON: the median milliseconds of a cached post page with CEOBLOG_READS_COUNTED off and
on, measured in alternating blocks so that the machine's load falls on both alike.
"""

import json
import statistics
import sys
import time

from common import READER, setup_django

BLOCK = 50


def main():
    db_name, url = sys.argv[1], sys.argv[2]
    requests = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    setup_django(db_name)
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=READER[0]))
    times = {False: [], True: []}
    for _ in range(BLOCK):
        client.get(url)  # warm the process and store the page
    for block in range(requests // BLOCK):
        counted = block % 2 == 1
        with override_settings(CEOBLOG_READS_COUNTED=counted):
            for _ in range(BLOCK):
                started = time.perf_counter()
                response = client.get(url)
                times[counted].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
    print(
        json.dumps(
            {"off_ms": statistics.median(times[False]), "on_ms": statistics.median(times[True])}
        )
    )


if __name__ == "__main__":
    main()
