"""Gunicorn's settings for the portal (docker-compose.yml, the Dockerfile and the deadline
benchmark use this file; command-line options override it).

Threaded workers (gthread): a few processes, each serving several requests at once. A
sign-in's password hash releases the interpreter lock and a letter is checked in a child
process, so a cheap request is served beside them instead of queueing behind them, as it did
with one request per synchronous worker (docs/performance.md, "The deadline rush"). Each
thread keeps its own database connection for CONN_MAX_AGE seconds: at most workers x threads
connections per web machine (12 by default; PostgreSQL allows 100 unless told otherwise).
"""

import os

bind = "0.0.0.0:8000"
worker_class = "gthread"
# Processes, and threads in each: about one or two processes per core.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Behind the TLS proxy, which keeps idle connections to gunicorn open for 2 minutes (Caddy's
# default) and reuses them: gunicorn must not close one first, or a request sent on it as it
# closes fails (502). An idle connection holds no thread, only a socket.
keepalive = 150
# Invitation and password-reset tokens are cut out of the access log (off unless
# --access-logfile is given), request line and Referer included.
logger_class = "ogp_portal.log_redaction.RedactingGunicornLogger"


def on_starting(server):
    """The master holds the secrets in its environment too: close its /proc/<pid>/environ
    and memory to the letter checker's children, which run as the same user."""
    from letters.confinement import make_undumpable  # noqa: PLC0415 - plain ctypes

    make_undumpable()


def post_worker_init(worker):
    """Start the letter checker's fork server (letters/sandbox.py) while the worker has one
    thread, so its first letter upload does not wait 1.5 s for it; and close the worker's
    /proc/<pid>/environ and memory to other processes of its user (letters/confinement.py)."""
    from letters import confinement, sandbox  # noqa: PLC0415 - Django is set up by now

    sandbox.start_server()
    confinement.make_undumpable()
