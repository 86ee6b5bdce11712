"""The desk's call archives: a coordinator asks for one, downloads it once built; nobody else."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from records import domain
from records.archive import verify
from records.enums import ArchiveStatus
from records.models import CallArchive
from tests.factories import CallFactory, login
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db


def test_a_coordinator_asks_for_an_archive_and_downloads_it(client, tmp_path):
    coordinator = make_coordinator()
    closed = CallFactory(closes_at=timezone.now() - datetime.timedelta(days=1))
    still_open = CallFactory()
    login(client, coordinator)
    add = reverse("admin:records_callarchive_add")

    refused = client.post(add, {"call": still_open.pk})
    assert refused.status_code == 200 and not CallArchive.objects.exists()

    response = client.post(add, {"call": closed.pk})
    assert response.status_code == 302
    archive = CallArchive.objects.get()
    assert (archive.call, archive.requested_by, archive.status) == (
        closed,
        coordinator,
        ArchiveStatus.PENDING,
    )
    archive = domain.build_archive(archive=archive)  # what the worker does

    listing = client.get(reverse("admin:records_callarchive_changelist"))
    download = reverse("admin:records_callarchive_download", args=[archive.pk])
    assert download in listing.content.decode()
    assert (
        client.get(reverse("admin:records_callarchive_change", args=[archive.pk])).status_code
        == 200
    )
    answer = client.get(download)
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("private, no-store")
    path = tmp_path / "archive.zip"
    path.write_bytes(b"".join(answer.streaming_content))
    assert verify(path) == []

    client.logout()
    login(client, make_reviewer())
    assert client.get(download).status_code == 403
    assert client.get(reverse("admin:records_callarchive_changelist")).status_code == 403


def test_verify_reports_a_missing_manifest(tmp_path):
    path = tmp_path / "not-an-archive.zip"
    path.write_bytes(io.BytesIO(b"plain text").getvalue())
    assert verify(path)[0].startswith("not a readable archive")


def test_the_archive_list_costs_the_same_queries_at_two_sizes(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator = make_coordinator()
    login(client, coordinator)
    url = reverse("admin:records_callarchive_changelist")

    def queries_for(count):
        for _ in range(count):
            CallArchive.objects.create(
                call=CallFactory(), requested_by=make_coordinator(), status=ArchiveStatus.READY
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(6)
