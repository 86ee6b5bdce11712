"""``/healthz``: is this process alive, and can it reach the database, Redis and the private
file storage?

Anyone gets the cheap answer: 200 "ok" from the process, touching nothing. The deep answer,
200 "ok" or 503 "unavailable" (the reason is logged, not shown), is for the machines around
the portal: a client on loopback or a private network (a container's health check, a load
balancer beside it; the address as ``common.client_address`` reads it, so behind the TLS proxy
the Internet is not local) or a request carrying ``HEALTH_CHECK_TOKEN``. It is computed at most
once every ``HEALTH_CHECK_CACHE_SECONDS`` per process. Answered before the other middleware, so
a health check can ask over plain HTTP on any host name.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpResponse
from django.utils.crypto import constant_time_compare

from common.client_address import client_address, is_local

logger = logging.getLogger(__name__)
PATH = "/healthz"
TOKEN_HEADER = "X-Health-Token"
_last: dict = {"at": None, "problems": []}
_computing = threading.Lock()


def problems() -> list[str]:
    found = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: the database does not answer")
        found.append("database")
    finally:
        connection.close_if_unusable_or_obsolete()
    if settings.REDIS_URL:
        try:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=3)
            try:
                client.ping()
            finally:
                client.close()
        except Exception:
            logger.exception("Health check: Redis does not answer")
            found.append("redis")
    try:
        _check_storage(storages["private"])
    except Exception:
        logger.exception("Health check: the private file storage does not answer")
        found.append("storage")
    return found


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        if deep_check_allowed(request) and recent_problems():
            response = HttpResponse("unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response


def deep_check_allowed(request) -> bool:
    token = settings.HEALTH_CHECK_TOKEN
    if token and constant_time_compare(request.headers.get(TOKEN_HEADER, ""), token):
        return True
    try:
        return is_local(client_address(request))
    except Exception:  # no usable address: not local
        return False


def recent_problems() -> list[str]:
    """problems(), computed again only when the last answer is older than the cache's life."""
    with _computing:  # one check at a time; the others wait and read its answer
        at = _last["at"]
        if at is None or time.monotonic() - at >= settings.HEALTH_CHECK_CACHE_SECONDS:
            _last["problems"] = problems()
            _last["at"] = time.monotonic()
        return _last["problems"]


def forget() -> None:
    """Drop the remembered answer (tests)."""
    with _computing:
        _last["at"] = None


def _check_storage(storage) -> None:
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:  # S3: the bucket exists and our keys may use it
        bucket.meta.client.head_bucket(Bucket=bucket.name)
        return
    os.makedirs(storage.location, exist_ok=True)
    if not os.access(storage.location, os.W_OK | os.X_OK):
        raise PermissionError(f"{storage.location} is not writable")
