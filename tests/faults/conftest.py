"""Shared set-up of the fault tests: servers of their own, to stop, kill and restart.

The session's PostgreSQL and Redis serve every other test; these tests start their own where
they break something, so the rest of the suite never notices.
"""

import contextlib

import pytest

from tests.services import PostgresServer, RedisServer


def point_celery_at(url: str) -> None:
    """Send tasks to ``url`` from now on (Celery caches its connection pools: drop them)."""
    from ogp_portal.celery import app

    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_broker():
    """A Redis server of the test's own, which Celery sends tasks to while the test runs."""
    from ogp_portal.celery import app

    server = RedisServer().start()
    session_url = app.conf.broker_url
    point_celery_at(server.url)
    try:
        yield server
    finally:
        point_celery_at(session_url)
        server.stop()


@pytest.fixture
def own_postgres():
    server = PostgresServer().start()
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
