import csv
import io
import json
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command

from packets.enums import PacketStatus
from records import domain
from records.enums import ArchiveStatus
from records.exceptions import RecordsError
from records.models import CallArchive
from tests.factories import CallFactory, UserFactory
from tests.packets.helpers import wait_for_packet
from tests.reviews.factories import make_coordinator

from .scenes import decided_call


def wait_for_archive(archive, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        archive.refresh_from_db()
        if archive.status in (ArchiveStatus.READY, ArchiveStatus.FAILED):
            return archive
        time.sleep(0.1)
    raise AssertionError(f"the archive is still {archive.status} after {timeout} s")


def read_csv(zf, name):
    return list(csv.DictReader(io.TextIOWrapper(zf.open(name), encoding="utf-8")))


def test_the_archive_of_a_call_holds_everything_and_verifies(
    celery_worker, django_capture_on_commit_callbacks, tmp_path
):
    scene = decided_call(django_capture_on_commit_callbacks)
    packets = [wait_for_packet(scene[name]) for name in ("admitted", "refused")]
    assert [packet.status for packet in packets] == [PacketStatus.READY] * 2

    archive = wait_for_archive(domain.request_archive(call=scene["call"], by=scene["coordinator"]))

    assert archive.status == ArchiveStatus.READY, archive.error
    assert archive.sha256 and archive.finished_at and archive.file_count > 20
    path = tmp_path / "archive.zip"
    with archive.file.open("rb") as stored:
        path.write_bytes(stored.read())
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        listed = {entry["path"] for entry in manifest["files"]}
        assert listed == names - {"manifest.json"}
        refused, admitted = scene["refused"], scene["admitted"]
        for packet in packets:
            name = f"applications/{packet.application.reference}/packet-v{packet.version}.pdf"
            assert zf.read(name).startswith(b"%PDF")
        for application in (refused, admitted):
            answers = json.loads(zf.read(f"applications/{application.reference}/answers.json"))
            assert answers and all(row["answer"] for row in answers)
        # The replacement letter is there as received, the replaced one by its row and SHA-256.
        replacement = scene["replacement"]
        letter_path = f"applications/{refused.reference}/letters/{replacement.pk}-support-v2.pdf"
        with replacement.file.open("rb") as original:
            assert zf.read(letter_path) == original.read()
        letters = {int(row["id"]): row for row in read_csv(zf, "tables/letters.csv")}
        assert letters[scene["replaced"].pk]["status"] == "replaced"
        assert letters[scene["replaced"].pk]["sha256"] == scene["replaced"].sha256
        assert {
            "letter": scene["replaced"].pk,
            "status": "replaced",
            "sha256": scene["replaced"].sha256,
            "note": "file deleted",
        } in manifest["notes"]
        conflicts = read_csv(zf, "tables/conflicts_of_interest.csv")
        assert [row["withdrawal_reason"] for row in conflicts] == ["A different office."]
        decisions = {row["reason"] for row in read_csv(zf, "tables/decisions.csv")}
        assert decisions == {"Strong commitment.", "The plan lacks a budget."}
        assert len(read_csv(zf, "tables/scores.csv")) == 2 * 2 * scene["call"].criteria.count()
        assert {row["weight"] for row in read_csv(zf, "criteria.csv")}
        assert read_csv(zf, "tables/stage_changes.csv")
        assert read_csv(zf, "history/conflicts_of_interest.csv")
        assert read_csv(zf, "tables/application_events.csv")
        email = zf.read(f"decision_emails/{refused.reference}.txt").decode()
        assert "The plan lacks a budget." in email
        assert any("not stored" in note.get("note", "") for note in manifest["notes"])

    call_command("verify_archive", str(path))

    # One changed byte inside a file, the manifest left as it was: the hash says so.
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "tables/decisions.csv":
                data = data.replace(b"budget", b"budgex")
            target.writestr(info, data)
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_archive", str(changed))
    # A byte flipped in the ZIP itself is caught too.
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(raw))
    with pytest.raises(CommandError):
        call_command("verify_archive", str(flipped))


@pytest.mark.django_db
def test_only_a_coordinator_asks_and_only_for_a_closed_call():
    with pytest.raises(RecordsError):
        domain.request_archive(call=CallFactory(), by=make_coordinator())
    with pytest.raises(RecordsError):
        domain.request_archive(call=CallFactory(), by=UserFactory())
    assert not CallArchive.objects.exists()
