"""Benchmark ceoblog against WordPress on this machine (`make bench`; BENCH_QUICK=1 is shorter).

Builds the PostgreSQL databases (100 posts; 100,000 posts, 1,000,000 comments, 2,000 tags),
runs gunicorn with DEBUG off and its own Redis, signs in a reader, measures each page with wrk,
counts queries per page, then measures the same pages of WordPress loaded with the same posts.
Prints a table and writes it to bench/results/<date>-<time>.md, one file per run.
"""

import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import psycopg
from common import PG_SERVER, READER, ROOT, SECRET_KEY, database_url, free_port

QUICK = os.environ.get("BENCH_QUICK") == "1"
DURATION = os.environ.get("BENCH_DURATION", "5s" if QUICK else "15s")
# Before each measured run, the same load for this long, not counted: every worker (gunicorn's
# and PHP's alike) has then served the page a few times, so a worker's first request of a page
# (templates compiled, connections opened) is not taken for the page's steady cost. "0s": none.
WARMUP = os.environ.get("BENCH_WARMUP", "1s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
THREADS = 2
WORDPRESS = os.environ.get("BENCH_WORDPRESS", "1") == "1"
# The peers' scripts sit in shared/, beside the clone.
PEERS = Path(os.environ.get("BENCH_PEERS", ROOT.parent / "shared" / "peers"))
PYTHON = sys.executable
BENCH = Path(__file__).resolve().parent
SEARCH_WORD = "library"
# (label, database, posts, comments, tags); BENCH_DB_SUFFIX keeps two checkouts' runs apart.
SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")
SITES = [
    ("100 posts", f"ceoblog_bench_small{SUFFIX}", 100, 5_000, 20),
    ("100,000 posts", f"ceoblog_bench_big{SUFFIX}", 100_000, 1_000_000, 2_000),
]
PAGES = ["home", "post", "month", "tag", "search", "feed"]
# The same pages with the page cache off (CEOBLOG_PAGE_CACHE_SECONDS=0), at 100,000 posts; the
# author page too. One connection by default: the page's own time, not a queue behind others.
COLD_PAGES = ["home", "post", "month", "tag", "author", "search", "feed"]
COLD_CONNECTIONS = int(os.environ.get("BENCH_COLD_CONNECTIONS", 1))
ADMIN_PAGES = ["post list", "post search", "comment queue", "post edit"]
ADMIN = ("bench-admin", "bench-admin-password-2026")
# "Monday morning": this many staff sign in by the single sign-on header, then read.
MONDAY_READERS = int(os.environ.get("BENCH_MONDAY_READERS", 2000))
MONDAY_HEADER = "X-Remote-User"
# The cached post page with reads counted and not (CEOBLOG_READS_COUNTED), this many wrk runs of
# each, taken in turn, the median kept. BENCH_ONLY=reads runs this part alone, on the small site.
READS_ROUNDS = int(os.environ.get("BENCH_READS_ROUNDS", 3))
# The pages issue 17 compares with WordPress, measured again in turns: ceoblog's page, then
# WordPress's, this many times, so that both meet the machine as it is that minute (a shared
# machine's speed drifts by a quarter within a run; the first table measures WordPress last).
TURN_PAGES = ["post", "month", "tag"]
TURNS = int(os.environ.get("BENCH_TURNS", 3))
ONLY = os.environ.get("BENCH_ONLY", "")
# Load averages (1, 5, 15 min) as each part of the run starts: other work on the machine shows.
LOADS = {}


def say(message):
    print(f"[bench] {message}", flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    say("installing wrk (Debian package)")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def author_path(db_name):
    with psycopg.connect(database_url(db_name)) as conn:
        (username,) = conn.execute(
            "SELECT u.username FROM auth_user u JOIN posts_post p ON p.author_id = u.id "
            "GROUP BY u.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return f"/author/{username}/"


def pick_urls(db_name):
    """Choose the pages to measure: a post ten from the newest, its month, the busiest tag."""
    with psycopg.connect(database_url(db_name)) as conn:
        slug, day = conn.execute(
            "SELECT slug, published_on FROM posts_post WHERE status = 'published' "
            "AND published_at <= now() ORDER BY published_at DESC OFFSET 10 LIMIT 1"
        ).fetchone()
        (tag,) = conn.execute(
            "SELECT t.slug FROM taggit_tag t JOIN posts_taggedpost tp ON tp.tag_id = t.id "
            "GROUP BY t.id ORDER BY count(*) DESC, t.id LIMIT 1"
        ).fetchone()
    return {
        "home": "/",
        "post": f"/{day:%Y/%m/%d}/{slug}/",
        "month": f"/{day:%Y/%m}/",
        "tag": f"/tag/{tag}/",
        "search": f"/search/?q={SEARCH_WORD}",
        "feed": "/feed/",
    }


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"bench: {url} did not answer 200 within {seconds} s")


def sign_in(base, account=READER, path="/login/"):
    """Sign an account in through a login form; return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}{path}").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": account[0], "password": account[1], "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(urllib.request.Request(f"{base}{path}", data=form, headers={"Referer": base}))
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("bench: signing in the benchmark reader failed")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run_wrk(url, cookie=None, connections=CONNECTIONS):
    status, size = fetch(url, cookie)
    if status != 200:
        return {"error": f"HTTP {status}"}
    for _ in range(20):
        fetch(url, cookie)
    threads = min(THREADS, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if to_ms(WARMUP) > 0:
        warmup = [part if not part.startswith("-d") else f"-d{WARMUP}" for part in command]
        subprocess.run(warmup, capture_output=True, check=True)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {**parse_wrk(output), "bytes": size}


def parse_wrk(output):
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: (.*)", output)
    if errors:
        result["error"] = f"{errors.group(1)} non-2xx"
    if sockets:
        result["error"] = (result.get("error", "") + f" socket errors: {sockets.group(1)}").strip()
    return result


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def url(self, number):
        return f"redis://127.0.0.1:{self.port}/{number}"

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def site_env(db_name, cache_url, static_root):
    return {
        **os.environ,
        "DATABASE_URL": database_url(db_name),
        "CACHE_URL": cache_url,
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "STATIC_ROOT": static_root,
    }


def load_average():
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def measure_site(label, db_name, redis, number, static_root):
    LOADS[label] = load_average()
    urls = pick_urls(db_name)
    env = site_env(db_name, redis.url(number), static_root)
    counter_env = {**env, "CACHE_URL": redis.url(number + 8)}
    say(f"{label}: counting queries per page")
    counted = subprocess.run(
        [PYTHON, str(BENCH / "count_queries.py"), db_name, *urls.values()],
        env=counter_env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if counted.returncode:
        raise SystemExit(f"bench: counting queries failed:\n{counted.stderr}")
    counts = json.loads(counted.stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_LOG_LEVEL": "warning"},
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        wait_for(f"{base}/healthz")
        cookie = sign_in(base)
        for page, path in urls.items():
            count = counts[path]
            say(f"{label}: wrk {path}")
            results[page] = {**run_wrk(base + path, cookie), **count, "path": path}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    return results


def start_server(env, extra=None):
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        env={
            **env,
            **(extra or {}),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_LOG_LEVEL": "warning",
        },
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz")
    return server, base


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    server.wait(30)


def measure_cold(db_name, redis, number, static_root, urls):
    """The reader pages with the page cache off: every request renders the whole page."""
    LOADS["cache off"] = load_average()
    env = site_env(db_name, redis.url(number), static_root)
    server, base = start_server(env, {"CEOBLOG_PAGE_CACHE_SECONDS": "0"})
    results = {}
    try:
        cookie = sign_in(base)
        paths = {**urls, "author": author_path(db_name)}
        for page in COLD_PAGES:
            say(f"cache off: wrk -c{COLD_CONNECTIONS} {paths[page]}")
            results[page] = {
                **run_wrk(base + paths[page], cookie, connections=COLD_CONNECTIONS),
                "path": paths[page],
            }
    finally:
        stop_server(server)
    return results


def waiting_reads(redis, number):
    """Return how many reads wait in the benchmark's Redis for `readership_fold`."""
    import redis as redis_py

    client = redis_py.Redis(port=redis.port, db=number)
    return client.hlen("ceoblog:1:readership:pending")


def measure_reads(db_name, redis, number, static_root, post_path):
    """The cached post page, with reads counted and not: two servers, measured in turn."""
    LOADS["reads counted"] = load_average()
    env = site_env(db_name, redis.url(number), static_root)
    servers = {
        counted: start_server(env, {"CEOBLOG_READS_COUNTED": counted})
        for counted in ("false", "true")
    }
    runs = {counted: [] for counted in servers}
    try:
        cookies = {counted: sign_in(base) for counted, (_, base) in servers.items()}
        for round_number in range(READS_ROUNDS):
            # Off first, then on first: neither always runs on the heels of the other.
            order = list(servers.items())[:: 1 if round_number % 2 == 0 else -1]
            for counted, (_, base) in order:
                say(f"reads counted {counted}, run {round_number + 1}: wrk {post_path}")
                runs[counted].append(run_wrk(base + post_path, cookies[counted]))
    finally:
        for server, _ in servers.values():
            stop_server(server)
    results = {}
    for counted, measured in runs.items():
        good = sorted((r for r in measured if "rps" in r), key=lambda r: r["rps"])
        results[counted] = (
            {**good[len(good) // 2], "runs": [r["rps"] for r in measured if "rps" in r]}
            if good
            else measured[0]
        )
    results["waiting"] = waiting_reads(redis, number)
    say("reads counted or not: one request at a time, in-process (bench/reads_cost.py)")
    timed = subprocess.run(
        [PYTHON, str(BENCH / "reads_cost.py"), db_name, post_path],
        env={**env, "CACHE_URL": redis.url(number + 1)},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if timed.returncode:
        raise SystemExit(f"bench: timing the post page in-process failed:\n{timed.stderr}")
    results["in_process"] = json.loads(timed.stdout.strip().splitlines()[-1])
    return results


def reads_report(reads, post_path):
    off, on, process = reads["false"], reads["true"], reads["in_process"]
    lines = [
        "| reads counted (CEOBLOG_READS_COUNTED) | req/s (median) | p50 ms | p99 ms "
        "| each run req/s |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, r in (("off", off), ("on", on)):
        each = ", ".join(f"{rps:,.0f}" for rps in r.get("runs", []))
        lines.append(
            f"| {label} | {cell(r, 'rps', '{:,.0f}')} | {cell(r, 'p50', '{:.1f}')} "
            f"| {cell(r, 'p99', '{:.1f}')} | {each} |"
        )
    ratio = f"{on['rps'] / off['rps']:.1%}" if "rps" in on and "rps" in off else "n/a"
    return "\n".join(
        [
            f"The cached post page `{post_path}` (100 posts), signed-in reader, wrk -t{THREADS} "
            f"-c{CONNECTIONS} -d{DURATION}, {READS_ROUNDS} runs each, counting off and on in "
            "turn. With counting on, every request records the read in Redis (one HSETNX).",
            "",
            *lines,
            "",
            f"Counting on gives {ratio} of the requests per second of counting off (target: at "
            f"least 90%). Reads waiting in Redis afterwards: {reads['waiting']} (the benchmark "
            "reader's one read of the post).",
            "",
            f"One request at a time, in-process (bench/reads_cost.py, 1,000 requests each, in "
            f"alternating blocks): median {process['off_ms']:.2f} ms off, "
            f"{process['on_ms']:.2f} ms on ({process['on_ms'] - process['off_ms']:+.2f} ms, "
            f"{process['on_ms'] / process['off_ms']:.1%}).",
        ]
    )


def main_reads_only():
    """BENCH_ONLY=reads: the small site's cached post page, reads counted and not."""
    ensure_wrk()
    label, db_name, posts, comments, tags = SITES[0]
    subprocess.run(
        [PYTHON, str(BENCH / "build_db.py"), db_name, str(posts), str(comments), str(tags)],
        check=True,
        cwd=ROOT,
    )
    static_root = tempfile.mkdtemp(prefix="ceoblog-bench-static-")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=site_env(db_name, "locmem://", static_root),
        check=True,
        cwd=ROOT,
    )
    redis = Redis()
    post_path = pick_urls(db_name)["post"]
    try:
        reads = measure_reads(db_name, redis, 5, static_root, post_path)
    finally:
        redis.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    now = datetime.now().astimezone()
    report = "\n".join(
        [
            f"# ceoblog benchmark: reads counted or not, {now:%Y-%m-%d %H:%M %Z}",
            "",
            f"- Machine: {machine()}; load average (1 / 5 / 15 min) at the start "
            f"{LOADS['reads counted']}, at the end {load_average()}. The machine is shared.",
            "",
            reads_report(reads, post_path),
            "",
        ]
    )
    print("\n" + report)
    out = ROOT / "bench" / "results" / f"{now:%Y-%m-%d-%H%M}-reads.md"
    out.write_text(report)
    say(f"written to {out.relative_to(ROOT)}")


def ensure_admin(db_name, env):
    """Give the benchmark database an administrator who signs in with a password."""
    code = (
        "from django.contrib.auth import get_user_model as m; U = m(); "
        f"u = U.objects.filter(username={ADMIN[0]!r}).first() "
        f"or U.objects.create_superuser({ADMIN[0]!r}); "
        f"u.set_password({ADMIN[1]!r}); u.save()"
    )
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", code], env=env, check=True, cwd=ROOT
    )


def admin_urls(db_name):
    with psycopg.connect(database_url(db_name)) as conn:
        (post_id,) = conn.execute(
            "SELECT id FROM posts_post WHERE status = 'published' "
            "ORDER BY published_at DESC OFFSET 10 LIMIT 1"
        ).fetchone()
    return {
        "post list": "/admin/posts/post/",
        # A word in most posts: the search counts and pages through the most matches.
        "post search": f"/admin/posts/post/?q={SEARCH_WORD}",
        "comment queue": "/admin/comments/comment/",
        "post edit": f"/admin/posts/post/{post_id}/change/",
    }


def measure_admin(db_name, redis, number, static_root):
    """The communications team's and moderators' pages, one administrator at a time."""
    LOADS["admin"] = load_average()
    env = site_env(db_name, redis.url(number), static_root)
    ensure_admin(db_name, env)
    server, base = start_server(env)
    results = {}
    try:
        cookie = sign_in(base, ADMIN, "/admin/login/")
        for page, path in admin_urls(db_name).items():
            say(f"admin: wrk -c{COLD_CONNECTIONS} {path}")
            results[page] = {
                **run_wrk(base + path, cookie, connections=COLD_CONNECTIONS),
                "path": path,
            }
    finally:
        stop_server(server)
    return results


def header_sign_in(base, name):
    """Sign one reader in as single sign-on's proxy does; return (status, ms, Cookie header)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    started = time.perf_counter()
    try:
        with opener.open(
            urllib.request.Request(f"{base}/", headers={MONDAY_HEADER: name}), timeout=30
        ) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        status = 0
    elapsed = (time.perf_counter() - started) * 1000
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    return status, elapsed, cookies


def publish_now(env):
    """Publish a new post, as the communications team would, in the middle of the run."""
    code = (
        "from django.utils import timezone; from django.contrib.auth import get_user_model as m; "
        "from posts.models import Post; "
        "author = m().objects.get(username='chief-executive'); "
        "Post.objects.create(title='Monday message', slug='monday-message-' + "
        "timezone.now().strftime('%H%M%S'), author=author, body='<p>Good morning, all.</p>', "
        "status='published', published_at=timezone.now())"
    )
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", code], env=env, check=True, cwd=ROOT
    )


def delete_published(env):
    """Delete the posts publish_now() made, this run's and any earlier run's.

    Left in place, each run's post made another one the tenth newest, the post the next run
    measures (pick_urls): every run measured a different page.
    """
    code = (
        "from posts.models import Post; "
        "Post.objects.filter(slug__startswith='monday-message-').delete()"
    )
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", code], env=env, check=True, cwd=ROOT
    )


def measure_monday(db_name, redis, number, static_root, urls):
    """Monday morning: many staff sign in by single sign-on, read the home page and the
    newest post; a post is published half-way through."""
    from concurrent.futures import ThreadPoolExecutor

    LOADS["Monday morning"] = load_average()
    env = site_env(db_name, redis.url(number), static_root)
    sso = {
        "CEOBLOG_REMOTE_USER_HEADER": MONDAY_HEADER,
        "CEOBLOG_TRUSTED_PROXIES": "127.0.0.1/32",
        # As single sign-on does: the first sign-in of someone new makes their account.
        "CEOBLOG_REMOTE_USER_CREATE": "true",
    }
    server, base = start_server(env, sso)
    try:
        names = [f"monday.reader.{number:04d}" for number in range(MONDAY_READERS)]
        say(f"Monday morning: {len(names)} staff sign in by the {MONDAY_HEADER} header")
        started = time.monotonic()
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            signed = list(pool.map(lambda name: header_sign_in(base, name), names))
        sign_in_seconds = time.monotonic() - started
        times = sorted(ms for _, ms, _ in signed)
        sign_in = {
            "count": len(signed),
            "errors": sum(1 for status, _, cookie in signed if status != 200 or not cookie),
            "p50": times[len(times) // 2],
            "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
            "rps": len(signed) / sign_in_seconds,
        }
        readers = Path(tempfile.mkstemp(prefix="ceoblog-bench-readers-")[1])
        readers.write_text(
            "".join(
                f"{name}\t{cookie}\n" for name, (_, _, cookie) in zip(names, signed, strict=True)
            )
        )
        seconds = max(2, to_ms(DURATION) / 1000) * 2
        command = [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds:.0f}s",
            "--latency",
            "-s",
            str(BENCH / "monday.lua"),
            base + "/",
            "--",
            str(readers),
            urls["post"],
        ]
        say(f"Monday morning: wrk {seconds:.0f} s, home page and newest post; a post at half-way")
        reading = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        time.sleep(seconds / 2)
        publish_now(env)
        output = reading.communicate()[0]
        readers.unlink()
        read = parse_wrk(output)
    finally:
        stop_server(server)
        delete_published(env)
    return {"sign in": sign_in, "reading": read}


def wordpress_content(db_name, out):
    """Write the small site's posts and approved comments in the peers' content.json format."""
    with psycopg.connect(database_url(db_name)) as conn:
        conn.execute("SET TIME ZONE 'Europe/London'")
        rows = conn.execute(
            "SELECT p.id, p.slug, p.title, p.body, "
            "to_char(p.published_at, 'YYYY-MM-DD\"T\"HH24:MI:SS'), "
            "coalesce(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.id IS NOT NULL), '{}') "
            "FROM posts_post p LEFT JOIN posts_taggedpost tp ON tp.content_object_id = p.id "
            "LEFT JOIN taggit_tag t ON t.id = tp.tag_id WHERE p.status = 'published' "
            "GROUP BY p.id ORDER BY p.published_at"
        ).fetchall()
        comments = {}
        for post_id, author, email, date, body in conn.execute(
            "SELECT c.post_id, u.first_name || ' ' || u.last_name, u.email, "
            "to_char(c.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS'), c.body "
            "FROM comments_comment c JOIN auth_user u ON u.id = c.author_id "
            "WHERE c.status = 'approved' ORDER BY c.created_at, c.id"
        ):
            comments.setdefault(post_id, []).append(
                {"author": author, "email": email, "date": date, "body": body}
            )
    # The same approved comments, so that WordPress's post page shows the same thread.
    posts = [
        {
            "slug": slug,
            "title": title,
            "date": date,
            "tags": list(tags),
            "comments_open": True,
            "body": body,
            "comments": comments.get(post_id, []),
        }
        for post_id, slug, title, body, date, tags in rows
    ]
    Path(out).write_text(json.dumps(posts, indent=1))
    return len(posts)


WORDPRESS_BASE = "http://127.0.0.1:8081"


def load_wordpress():
    """Start the WordPress peer with the small site's posts; return why it cannot, or None."""
    setup = PEERS / "setup_wordpress.sh"
    if not setup.exists():
        return f"n/a ({setup} missing)"
    content = Path(tempfile.gettempdir()) / "ceoblog-bench-wordpress.json"
    count = wordpress_content(SITES[0][1], content)
    say(f"WordPress: loading the same {count} posts (setup_wordpress.sh, CONTENT={content})")
    subprocess.run(
        ["bash", str(setup)],
        env={**os.environ, "CONTENT": str(content)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return None


def wordpress_paths(urls):
    return {**urls, "search": f"/?s={SEARCH_WORD}", "feed": "/feed/"}


def measure_wordpress(urls):
    LOADS["WordPress"] = load_average()
    results = {}
    for page, path in wordpress_paths(urls).items():
        say(f"WordPress: wrk {path}")
        results[page] = {**run_wrk(WORDPRESS_BASE + path), "path": path}
    return results


def measure_in_turns(db_name, redis, number, static_root, urls):
    """ceoblog's and WordPress's post, month and tag pages, one after the other, TURNS times."""
    LOADS["in turns"] = load_average()
    server, base = start_server(site_env(db_name, redis.url(number), static_root))
    wp_paths = wordpress_paths(urls)
    results = {page: {"ceoblog": [], "WordPress": []} for page in TURN_PAGES}
    try:
        cookie = sign_in(base)
        for turn in range(TURNS):
            for page in TURN_PAGES:
                say(f"in turns ({turn + 1}/{TURNS}): {urls[page]}")
                results[page]["ceoblog"].append(run_wrk(base + urls[page], cookie))
                results[page]["WordPress"].append(run_wrk(WORDPRESS_BASE + wp_paths[page]))
    finally:
        stop_server(server)
    return results


def turns_report(turns):
    lines = [
        "| page | ceoblog req/s, each turn | p99 ms | WordPress req/s, each turn "
        "| ceoblog / WordPress, each turn | median |",
        "| --- | --- | --- | --- | --- | ---: |",
    ]
    for page in TURN_PAGES:
        ours, theirs = turns[page]["ceoblog"], turns[page]["WordPress"]
        failed = sorted({str(r.get("error")) for r in ours + theirs if "rps" not in r})
        if failed:
            lines.append(f"| {page} | {', '.join(failed)} | | | | |")
            continue
        ratios = [a["rps"] / b["rps"] for a, b in zip(ours, theirs, strict=True)]
        cells = [
            page,
            ", ".join(format(r["rps"], ",.0f") for r in ours),
            ", ".join(format(r["p99"], ".1f") for r in ours),
            ", ".join(format(r["rps"], ",.0f") for r in theirs),
            ", ".join(f"{ratio:.1f}×" for ratio in ratios),
            f"{statistics.median(ratios):.1f}×",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB, {platform.platform()}"


def cell(result, key, fmt):
    if "rps" not in result:
        # The reason once, in the req/s column; the other columns stay short.
        return result.get("error", "n/a") if key == "rps" else "–"
    return fmt.format(result[key])


def table(sites, wordpress):
    small, big = sites[0][1], sites[1][1]
    head = (
        "| page | ceoblog 100 posts req/s | p50 ms | p99 ms | queries (render / cached) "
        "| render ms | ceoblog 100k posts req/s | p50 ms | p99 ms | queries (render / cached) "
        "| render ms | 100k / 100 p50 | WordPress req/s | p50 ms | p99 ms "
        "| ceoblog / WordPress req/s |"
    )
    lines = [head, "|" + " --- |" * 17]
    for page in PAGES:
        row = [page]
        for results in (small, big):
            r = results.get(page, {})
            row += [
                cell(r, "rps", "{:,.0f}"),
                cell(r, "p50", "{:.1f}"),
                cell(r, "p99", "{:.1f}"),
                f"{r['miss_queries']} / {r['hit_queries']}" if "rps" in r else "",
                cell(r, "miss_ms", "{:.0f}"),
            ]
        s, b = small.get(page, {}), big.get(page, {})
        row.append(f"{b['p50'] / s['p50']:.2f}×" if "rps" in s and "rps" in b else "")
        w = wordpress.get(page, {})
        row += [cell(w, "rps", "{:,.0f}"), cell(w, "p50", "{:.1f}"), cell(w, "p99", "{:.1f}")]
        row.append(f"{s['rps'] / w['rps']:.1f}×" if "rps" in s and "rps" in w else "")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def small_table(results, pages):
    lines = ["| page | address | req/s | p50 ms | p99 ms |", "| --- | --- | ---: | ---: | ---: |"]
    for page in pages:
        r = results.get(page, {})
        lines.append(
            f"| {page} | `{r.get('path', '')}` | {cell(r, 'rps', '{:,.0f}')} "
            f"| {cell(r, 'p50', '{:.1f}')} | {cell(r, 'p99', '{:.1f}')} |"
        )
    return "\n".join(lines)


def monday_report(monday):
    sign_in, read = monday["sign in"], monday["reading"]
    errors = read.get("error", "0")
    return "\n".join(
        [
            f"{sign_in['count']:,} different staff sign in by single sign-on (the trusted proxy's "
            f"`{MONDAY_HEADER}` header, accounts made at first sign-in), {CONNECTIONS} at a "
            f"time: {sign_in['rps']:,.0f} sign-ins/s, p50 {sign_in['p50']:.1f} ms, "
            f"p99 {sign_in['p99']:.1f} ms, {sign_in['errors']} errors.",
            "",
            f"Then each reads the home page and the newest post with their own session "
            f"(wrk -c{CONNECTIONS}, bench/monday.lua), and a post is published half-way: "
            f"{read['requests']:,} requests, {read['rps']:,.0f} req/s, p50 {read['p50']:.1f} ms, "
            f"p99 {read['p99']:.1f} ms, errors: {errors}. Targets: 0 errors, p99 < 100 ms.",
        ]
    )


def main():
    ensure_wrk()
    started = time.monotonic()
    load = os.getloadavg()[0]
    for _, db_name, posts, comments, tags in SITES:
        subprocess.run(
            [PYTHON, str(BENCH / "build_db.py"), db_name, str(posts), str(comments), str(tags)],
            check=True,
            cwd=ROOT,
        )
    static_root = tempfile.mkdtemp(prefix="ceoblog-bench-static-")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=site_env(SITES[0][1], "locmem://", static_root),
        check=True,
        cwd=ROOT,
    )
    redis = Redis()
    try:
        sites = [
            (label, measure_site(label, db_name, redis, number, static_root))
            for number, (label, db_name, *_) in enumerate(SITES)
        ]
        reads = measure_reads(SITES[0][1], redis, 5, static_root, sites[0][1]["post"]["path"])
        big_db = SITES[1][1]
        big_urls = {page: r.get("path") for page, r in sites[1][1].items() if r.get("path")}
        cold = measure_cold(big_db, redis, 2, static_root, big_urls)
        admin = measure_admin(big_db, redis, 3, static_root)
        monday = measure_monday(big_db, redis, 4, static_root, big_urls)
        small_urls = {page: r.get("path") for page, r in sites[0][1].items() if r.get("path")}
        missing = load_wordpress() if WORDPRESS else "not measured (BENCH_WORDPRESS=0)"
        if missing:
            wordpress, turns = {page: {"error": missing} for page in PAGES}, {}
        else:
            wordpress = measure_wordpress(small_urls)
            turns = measure_in_turns(SITES[0][1], redis, 6, static_root, small_urls)
    finally:
        redis.stop()
        shutil.rmtree(static_root, ignore_errors=True)
    now = datetime.now().astimezone()
    report = "\n".join(
        [
            f"# ceoblog benchmark, {now:%Y-%m-%d %H:%M %Z}",
            "",
            f"- Machine: {machine()}; load average {load:.1f} at the start.",
            "- Load average (1 / 5 / 15 min) as each part began: "
            + "; ".join(f"{part} {value}" for part, value in LOADS.items())
            + f"; at the end {load_average()}. The machine is shared with other work.",
            f"- wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} on the same machine, after "
            f"{WARMUP} of the same load not counted; signed-in reader (session cookie); "
            "WordPress as an anonymous visitor (no page cache plugin).",
            "- ceoblog: gunicorn deploy/gunicorn.conf.py "
            f"(workers {os.environ.get('GUNICORN_WORKERS', 'cores × 2')}, threads "
            f"{os.environ.get('GUNICORN_THREADS', '1')}), DEBUG off, PostgreSQL {PG_SERVER}, "
            "Redis cache and sessions.",
            "- Databases: 100 posts / 5,000 comments / 20 tags; 100,000 posts / 1,000,000 "
            "comments / 2,000 tags. The post measured has 200 comments on both.",
            "- queries: a page rendered from an empty cache / the same page from the cache; "
            "render ms: that rendering, in-process.",
            f"- Run time {time.monotonic() - started:.0f} s{' (BENCH_QUICK)' if QUICK else ''}.",
            "",
            table(sites, wordpress),
            "",
            f"## 100,000 posts with the page cache off (CEOBLOG_PAGE_CACHE_SECONDS=0), "
            f"wrk -c{COLD_CONNECTIONS}",
            "",
            "Every request renders the whole page: sidebar, related posts and comments "
            "included. Targets (issue 17): p50 ≤ 30 ms, search ≤ 100 ms.",
            "",
            small_table(cold, COLD_PAGES),
            "",
            f"## Admin at 100,000 posts and 1,000,000 comments, wrk -c{COLD_CONNECTIONS}, "
            "signed in as an administrator",
            "",
            "Target: p50 ≤ 150 ms.",
            "",
            small_table(admin, ADMIN_PAGES),
            "",
            f"## ceoblog and WordPress in turns (100 posts), wrk -t{THREADS} -c{CONNECTIONS} "
            f"-d{DURATION}",
            "",
            "Each page of ceoblog (signed-in reader), then the same page of WordPress, "
            f"{TURNS} times over, so that both meet the machine as it is that minute; the "
            "first table measures WordPress after everything else. Target (issue 17): "
            "ceoblog ≥ 10× WordPress's requests per second, p99 < 50 ms.",
            "",
            turns_report(turns) if turns else "Not measured: WordPress did not run.",
            "",
            "## Reads counted or not (readership)",
            "",
            reads_report(reads, sites[0][1]["post"]["path"]),
            "",
            "## Monday morning (100,000 posts)",
            "",
            monday_report(monday),
            "",
        ]
    )
    print("\n" + report)
    out = ROOT / "bench" / "results" / f"{now:%Y-%m-%d-%H%M}.md"
    out.write_text(report)
    say(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main_reads_only() if ONLY == "reads" else main()
