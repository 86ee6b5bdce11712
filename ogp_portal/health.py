"""``/healthz``: can this process reach the database, Redis and the private file storage?

200 "ok" or 503 "unavailable", nothing more (the reason is logged, not shown). It is answered
before the other middleware, so a load balancer or container health check can ask over plain
HTTP on any host name.
"""

import logging
import os

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)
PATH = "/healthz"


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
        if problems():
            response = HttpResponse("unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response


def _check_storage(storage) -> None:
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:  # S3: the bucket exists and our keys may use it
        bucket.meta.client.head_bucket(Bucket=bucket.name)
        return
    os.makedirs(storage.location, exist_ok=True)
    if not os.access(storage.location, os.W_OK | os.X_OK):
        raise PermissionError(f"{storage.location} is not writable")
