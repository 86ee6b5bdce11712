"""The archive of a closed call: one ZIP, written entry by entry to a temporary file while the
querysets are read in chunks, then saved to private storage. ``manifest.json`` lists every file
with its SHA-256; ``verify()`` recomputes them.

Memory: rows are read with ``.iterator(chunk_size=CHUNK)`` and files copied in COPY_BYTES pieces;
the manifest's entries and notes go to temporary files as they are made, one JSON line each, and
are copied into ``manifest.json`` at the end. What still grows with the number of entries is the
ZIP's central directory, which a ZIP must write after the last entry: ``zipfile`` keeps one small
``ZipInfo`` per entry (name, sizes, CRC, offset; docs/records.md gives the measured bytes).

Layout:
- ``call.json``, ``criteria.csv`` (weights and scales)
- ``applications/<reference>/answers.json``, ``packet-v<n>.pdf``, ``letters/<id>-<name>``
- ``tables/*.csv``: applications, answers, letters (every version, with the SHA-256 of a file
  that is gone), packets, assignments, reviews, scores, conflicts (withdrawn ones too), stage
  changes, decisions (with reasons), application events
- ``history/*.csv``: the simple-history rows of the review records
- ``decision_emails/<reference>.txt``: rendered again from the templates (the e-mails as sent
  are not stored; the manifest says so)
"""

import csv
import datetime
import decimal
import hashlib
import io
import itertools
import json
import tempfile
import typing
import zipfile
from dataclasses import dataclass, field

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder

CHUNK = 500
COPY_BYTES = 1024 * 1024
MANIFEST = "manifest.json"


class _HashingWriter(io.RawIOBase):
    """Writes through to a ZIP entry and hashes what passes."""

    def __init__(self, target):
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


# Shared by every entry, so that each ZipInfo holds only its own name, sizes, CRC and offset.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class ArchiveWriter:
    """Writes entries into ``zip`` and lists each (path, SHA-256, size) on a temporary file."""

    zip: zipfile.ZipFile
    listing: typing.TextIO = field(default_factory=lambda: _spool())
    notes: typing.TextIO = field(default_factory=lambda: _spool())
    count: int = 0

    def _entry(self, name):
        info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        return self.zip.open(info, "w", force_zip64=True)

    def _record(self, name, writer):
        _line(
            self.listing, {"path": name, "sha256": writer.digest.hexdigest(), "size": writer.size}
        )
        self.count += 1

    def note(self, note: dict):
        _line(self.notes, note)

    def write_manifest(self, call: dict):
        """``manifest.json``: the call, every file listed so far and the notes, copied line by
        line from the temporary files (valid JSON, one file or note a line)."""
        with self.zip.open(MANIFEST, "w", force_zip64=True) as entry:
            out = io.TextIOWrapper(entry, encoding="utf-8", newline="\n")
            out.write('{"call": ' + json.dumps(call, ensure_ascii=False) + ',\n"files": [\n')
            _copy_lines(self.listing, out)
            out.write('],\n"notes": [\n')
            _copy_lines(self.notes, out)
            out.write("]}\n")
            out.flush()
            out.detach()
        self.listing.close()
        self.notes.close()

    def write_bytes_from(self, name, source):
        with self._entry(name) as target:
            writer = _HashingWriter(target)
            while chunk := source.read(COPY_BYTES):
                writer.write(chunk)
        self._record(name, writer)

    def write_text(self, name, text):
        self.write_bytes_from(name, io.BytesIO(text.encode()))

    def write_json(self, name, data):
        self.write_text(name, json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))

    def write_csv(self, name, header, rows):
        with self._entry(name) as target:
            writer = _HashingWriter(target)
            text = io.TextIOWrapper(writer, encoding="utf-8", newline="", write_through=True)
            out = csv.writer(text)
            out.writerow(header)
            for row in rows:
                out.writerow([_cell(value) for value in row])
            text.flush()
            text.detach()
        self._record(name, writer)

    def write_table(self, name, queryset):
        """Every concrete column of the model, one row per record, read in chunks."""
        columns = [f.attname for f in queryset.model._meta.concrete_fields]
        rows = queryset.order_by("pk").values_list(*columns).iterator(chunk_size=CHUNK)
        self.write_csv(name, columns, rows)


def _spool():
    return tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="\n")


def _line(spool, data):
    spool.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")


def _copy_lines(spool, out):
    spool.seek(0)
    first = True
    for line in spool:
        out.write(("" if first else ",\n") + line.rstrip("\n"))
        first = False
    if not first:
        out.write("\n")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def build_call_archive(call, target) -> int:
    """Write the archive of ``call`` into the binary file ``target``; returns how many files the
    manifest lists."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        writer = ArchiveWriter(zf)
        _write_call(writer, call)
        _write_applications(writer, call)
        _write_tables(writer, call)
        _write_history(writer, call)
        _write_decision_emails(writer, call)
        writer.write_manifest({"id": call.pk, "slug": call.slug, "title": call.title})
    return writer.count


def _write_call(writer, call):
    from reviews.models import Criterion

    writer.write_json("call.json", type(call).objects.filter(pk=call.pk).values().get())
    writer.write_table("criteria.csv", Criterion.objects.filter(call=call))


def _write_applications(writer, call):
    from applications.models import Answer
    from letters.models import Letter
    from packets.enums import PacketStatus
    from packets.models import Packet

    answers = (
        Answer.objects.filter(application__call=call)
        .order_by("application_id", "question__section__position", "question__position", "pk")
        .values_list(
            "application__reference",
            "question_id",
            "question__section__title",
            "question__text",
            "value",
        )
        .iterator(chunk_size=CHUNK)
    )
    for reference, rows in itertools.groupby(answers, key=lambda row: row[0]):
        writer.write_json(
            f"applications/{reference}/answers.json",
            [
                {"question": question, "section": section, "text": text, "answer": value}
                for _, question, section, text, value in rows
            ],
        )
    packets = (
        Packet.objects.filter(application__call=call, status=PacketStatus.READY)
        .exclude(file="")
        .order_by("application_id", "version")
        .values_list("application__reference", "version", "file")
        .iterator(chunk_size=CHUNK)
    )
    storage = Packet._meta.get_field("file").storage
    for reference, version, name in packets:
        _copy(writer, storage, name, f"applications/{reference}/packet-v{version}.pdf")
    letters = (
        Letter.objects.filter(application__call=call)
        .order_by("application_id", "pk")
        .values_list(
            "pk", "application__reference", "file", "original_filename", "sha256", "status"
        )
        .iterator(chunk_size=CHUNK)
    )
    storage = Letter._meta.get_field("file").storage
    for pk, reference, name, filename, sha256, status in letters:
        path = f"applications/{reference}/letters/{pk}-{_safe(filename)}"
        if not name or not storage.exists(name):
            writer.note({"letter": pk, "status": status, "sha256": sha256, "note": "file deleted"})
            continue
        _copy(writer, storage, name, path)


def _safe(filename):
    kept = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)
    return kept[-100:] or "letter"


def _copy(writer, storage, name, path):
    with storage.open(name, "rb") as source:
        writer.write_bytes_from(path, source)


def _write_tables(writer, call):
    from applications.models import Answer, Application, ApplicationEvent, Partner
    from letters.models import Letter, LetterInvitation
    from packets.models import Packet
    from reviews.models import (
        Assignment,
        Candidacy,
        ConflictOfInterest,
        Decision,
        Review,
        Score,
        StageChange,
    )

    in_call = {"application__call": call}
    tables = {
        "applications": Application.objects.filter(call=call),
        "partners": Partner.objects.filter(**in_call),
        "answers": Answer.objects.filter(**in_call),
        "letters": Letter.objects.filter(**in_call),
        "letter_invitations": LetterInvitation.objects.filter(**in_call),
        "packets": Packet.objects.filter(**in_call),
        "candidacies": Candidacy.objects.filter(**in_call),
        "stage_changes": StageChange.objects.filter(candidacy__application__call=call),
        "assignments": Assignment.objects.filter(**in_call),
        "reviews": Review.objects.filter(assignment__application__call=call),
        "scores": Score.objects.filter(review__assignment__application__call=call),
        "conflicts_of_interest": ConflictOfInterest.all_conflicts.filter(**in_call),
        "decisions": Decision.objects.filter(**in_call),
        "application_events": ApplicationEvent.objects.filter(**in_call),
    }
    for name, queryset in tables.items():
        writer.write_table(f"tables/{name}.csv", queryset)


def _write_history(writer, call):
    from reviews.models import (
        Assignment,
        Candidacy,
        ConflictOfInterest,
        Criterion,
        Decision,
        Review,
        Score,
    )

    histories = {
        "criteria": Criterion.history.filter(call_id=call.pk),
        "candidacies": Candidacy.history.filter(application__call=call),
        "assignments": Assignment.history.filter(application__call=call),
        "reviews": Review.history.filter(assignment__application__call=call),
        "scores": Score.history.filter(criterion__call=call),
        "conflicts_of_interest": ConflictOfInterest.history.filter(application__call=call),
        "decisions": Decision.history.filter(application__call=call),
    }
    for name, queryset in histories.items():
        writer.write_table(f"history/{name}.csv", queryset)


def _write_decision_emails(writer, call):
    from reviews.mail import decision_email
    from reviews.models import Decision

    decisions = (
        Decision.objects.filter(application__call=call, released_at__isnull=False)
        .select_related("application__lead_government", "application__call")
        .prefetch_related("application__editors__user")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    wrote = False
    for decision in decisions:
        parts = []
        for editor in decision.application.editors.all():
            subject, body = decision_email(decision=decision, recipient=editor.user)
            parts.append(
                f"To: {editor.user.email}\nSent: {_cell(decision.emailed_at)}\n"
                f"Subject: {subject}\n\n{body}\n"
            )
        writer.write_text(
            f"decision_emails/{decision.application.reference}.txt", "\n---\n\n".join(parts)
        )
        wrote = True
    if wrote:
        writer.note(
            {
                "path": "decision_emails/",
                "note": "The e-mails as sent are not stored; these are rendered again from the "
                "decision e-mail templates as they stand when the archive was built.",
            }
        )


def save_archive(archive) -> None:
    """Build into a temporary file, save it to private storage under the name already on
    ``archive.file`` (chosen when the build was claimed), stamp the hash and size."""
    with tempfile.TemporaryFile() as target:
        file_count = build_call_archive(archive.call, target)
        target.seek(0)
        digest = hashlib.sha256()
        while chunk := target.read(COPY_BYTES):
            digest.update(chunk)
        archive.size = target.tell()
        target.seek(0)
        from .models import archive_file_name

        name = archive.file.name or archive_file_name(archive.call_id)
        archive.file.save(name, File(target), save=False)
    archive.sha256 = digest.hexdigest()
    archive.file_count = file_count


def verify(path) -> list[str]:
    """The problems of the archive at ``path``: every file of the manifest is hashed again; a
    file missing, a file not listed or a different hash is a problem."""
    problems = []
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
            listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
            present = set(zf.namelist()) - {MANIFEST}
            for name in sorted(present - set(listed)):
                problems.append(f"{name}: not in the manifest")
            for name, expected in listed.items():
                if name not in present:
                    problems.append(f"{name}: missing")
                    continue
                digest = hashlib.sha256()
                try:
                    with zf.open(name) as entry:
                        while chunk := entry.read(COPY_BYTES):
                            digest.update(chunk)
                except (zipfile.BadZipFile, OSError, EOFError) as error:
                    problems.append(f"{name}: unreadable ({error})")
                    continue
                if digest.hexdigest() != expected:
                    problems.append(f"{name}: SHA-256 {digest.hexdigest()} != {expected}")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        problems.append(f"not a readable archive: {error}")
    return problems
