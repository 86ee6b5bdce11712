"""Letters and packets on a real S3-compatible server (SeaweedFS, started by the session).

Uploads land in the private bucket, downloads pass through the permission-checked views, the
bucket answers nobody without a signature, and signed URLs stop working when they expire.
"""

import datetime
import urllib.error
import urllib.request
import uuid

import pytest
import time_machine
from django.core.files.storage import storages
from django.utils import timezone

from letters.models import Letter
from packets.models import Packet
from tests.factories import ApplicationFactory, UserFactory, login
from tests.letters import samples
from tests.letters.test_views import download_url, upload_letter

pytestmark = pytest.mark.django_db


def s3_storages(settings, server, bucket):
    return {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": server.endpoint,
                "region_name": server.region,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
                "location": "private",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": settings.S3_SIGNED_URL_SECONDS,
                "file_overwrite": False,
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        },
    }


@pytest.fixture
def bucket(object_store, settings):
    """A fresh private bucket, used by the letters' and packets' file fields for one test."""
    name = f"portal-{uuid.uuid4().hex[:12]}"
    object_store.client().create_bucket(Bucket=name)
    settings.STORAGES = s3_storages(settings, object_store, name)
    fields = [Letter._meta.get_field("file"), Packet._meta.get_field("file")]
    before = [field.storage for field in fields]
    for field in fields:
        field.storage = storages["private"]
    yield name
    for field, storage in zip(fields, before, strict=True):
        field.storage = storage


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_a_letter_is_stored_in_the_bucket_and_downloaded_through_the_view(
    client, bucket, object_store
):
    application = ApplicationFactory()
    data = samples.pdf("Stored on object storage.")
    letter = upload_letter(application, data=data)

    stored = object_store.client().get_object(Bucket=bucket, Key=f"private/{letter.file.name}")
    assert stored["Body"].read() == data

    login(client, application.owner_user)
    response = client.get(download_url(letter))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment")

    client.logout()
    login(client, UserFactory())
    assert client.get(download_url(letter)).status_code == 404


def test_the_bucket_refuses_anonymous_reads(bucket, object_store):
    letter = upload_letter(ApplicationFactory())
    key = f"private/{letter.file.name}"
    assert get(f"{object_store.endpoint}/{bucket}/{key}")[0] == 403
    assert get(f"{object_store.endpoint}/{bucket}")[0] == 403  # no listing either
    assert get(f"{object_store.endpoint}/{bucket}/{key}?X-Amz-Signature=forged")[0] == 403


def test_the_view_may_redirect_to_a_signed_url_that_expires(client, bucket, settings):
    settings.PRIVATE_FILES_REDIRECT = True
    settings.S3_SIGNED_URL_SECONDS = 2
    application = ApplicationFactory()
    data = samples.pdf("Signed and short-lived.")
    letter = upload_letter(application, data=data)

    login(client, application.owner_user)
    response = client.get(download_url(letter))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    assert "X-Amz-Expires=2" in signed and "X-Amz-Signature=" in signed
    assert get(signed) == (200, data)

    # Expiry: a URL signed longer ago than its lifetime is refused by the bucket. The clock
    # the URL is signed with is moved back rather than waiting for the server's to move on.
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=5), tick=False):
        signed_earlier = client.get(download_url(letter))["Location"]
    assert "X-Amz-Expires=2" in signed_earlier
    assert get(signed_earlier)[0] == 403
    # Strangers get no URL at all.
    client.logout()
    login(client, UserFactory())
    assert client.get(download_url(letter)).status_code == 404


def test_health_check_reaches_the_bucket(client, bucket, object_store, settings):
    from ogp_portal import health

    health.forget()
    settings.HEALTH_CHECK_CACHE_SECONDS = 0  # each answer computed anew
    assert client.get("/healthz").status_code == 200
    object_store.client().delete_bucket(Bucket=bucket)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
