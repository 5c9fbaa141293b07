"""gunicorn settings for ceoblog, read from the environment (see docs/it.md, Deploy)."""

import gc
import multiprocessing
import os

wsgi_app = "ceoblog.wsgi:application"


def setting(name, default):
    # An empty value, as in a copied .env.example, counts as unset.
    return os.environ.get(name) or default


bind = setting("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Sync workers, one request at a time each, two per core: a page served from the cache is pure
# Python (under 2 ms), so threads would only contend for the interpreter lock and widen the slow
# tail. nginx in front buffers slow clients and keeps their connections alive (deploy/nginx.conf).
# Measured on 2 cores, signed-in reader, 16 connections (docs/performance.md): 2-4 sync workers gave
# p99 20-40 ms, 3 workers of 4 threads 45-155 ms at 15% fewer requests per second.
workers = int(setting("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(setting("GUNICORN_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
keepalive = int(setting("GUNICORN_KEEPALIVE", 5))
timeout = int(setting("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20

# Recycle workers now and then so a slow leak never grows; the jitter avoids all at once.
max_requests = int(setting("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10

# Load the application once in the master, so a broken setting stops the start at once.
preload_app = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = setting("GUNICORN_LOG_LEVEL", "info")
proc_name = "ceoblog"
# Trust X-Forwarded-* only from the local reverse proxy.
forwarded_allow_ips = setting("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Leave the loaded application out of the workers' garbage collections (gc.freeze()).

    The application is loaded once, before the workers are forked (preload_app): about 108,000
    objects that live as long as the process, of the 135,000 a worker holds once it has served
    its pages. A worker's full collection went through all of them, 70-90 ms during which it
    answered nobody (about once in 3,000 requests); frozen, those are never looked at again,
    and the workers keep sharing their memory pages with the master instead of copying them
    when the collector touches them. Python's documentation of gc.freeze() recommends this for
    servers that fork.
    """
    gc.freeze()


def post_worker_init(worker):
    """Spare each request the page faults of memory given back and asked for again.

    Memory freed after a page stays with the worker for the next one, and every Python call of
    the worker's life shares one roomy chunk of CPython 3.11's frame stack (ceoblog/workers.py):
    a post page rendered from scratch had 258 page faults, now about one; served from the cache,
    109, now about 3.
    """
    from ceoblog import workers

    workers.keep_freed_memory()
    worker.run = workers.with_roomy_frame_stack(worker.run)
