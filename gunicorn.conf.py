"""Gunicorn's settings for the portal (docker-compose.yml, the Dockerfile and the deadline
benchmark use this file; command-line options override it).

Threaded workers (gthread): a few processes, each serving several requests at once. Most of
a request's time is spent waiting (PostgreSQL, Redis, the letter checker's subprocess,
object storage) and the password hash releases the interpreter lock, so a cheap request is
served beside a slow one instead of queueing behind it, as it did with one request per
synchronous worker (docs/performance.md, "The deadline rush"). Each thread keeps its own
database connection for CONN_MAX_AGE seconds: at most workers x threads connections per
web container (12 by default; PostgreSQL allows 100).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
# Processes: with threads, about one or two per core is enough.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is stuck: its worker is restarted.
timeout = 60
graceful_timeout = 30
# Behind the TLS proxy, which keeps idle connections to gunicorn open for 2 minutes (Caddy's
# default) and reuses them: gunicorn must not close one first, or a request sent on it as it
# closes fails (502). An idle connection holds no thread, only a socket.
keepalive = 150
