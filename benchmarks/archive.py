"""Benchmark: building a call's archive (issue 23). A measurement, not a test.

    .venv/bin/python -m benchmarks.archive --applications 200

It makes one closed call with N submitted applications (the default form answered, one
civil-society letter file each, stored in private storage), then builds the archive in a
fresh Python process, as a worker does (records.domain.build_archive), and prints one JSON line:

    {"bench": "archive", "applications": 200, "seconds": ..., "worker_peak_rss_mb": ...,
     "worker_idle_rss_mb": ..., "web_peak_rss_mb": ..., "web_idle_rss_mb": ...,
     "zip_mb": ..., "files": ..., "load": [before], "load_after": [...], "cores": 2}

``worker_peak_rss_mb`` is the building process's peak resident memory (VmHWM, else
resource.getrusage),
``worker_idle_rss_mb`` the same process's peak once Django is set up, before the build: rows are
read in chunks, each file copied in 1 MB pieces into a ZIP on a temporary file, the manifest's
lines spooled to temporary files, so the difference should hardly grow with N (what remains is
zipfile's central directory, a few hundred bytes per file; docs/records.md). ``web_*`` is the
same for another fresh process that answers the download as the desk's view does
(common/private_files.private_file_response) and reads the response to its end. ``load`` is the
machine's load average (1, 5, 15 minutes) before the build, ``load_after`` after the download:
the cores are shared, so compare times measured under similar load. Without DATABASE_URL it
starts a throw-away PostgreSQL (tests/services.py).
"""

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which an exec starts afresh (getrusage's
    ru_maxrss keeps the parent's peak across fork and exec), else getrusage."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def populate(n):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from applications.enums import ApplicationStatus, OrganisationKind
    from applications.models import Answer, Application, Organisation
    from calls.domain import add_default_form
    from calls.models import Call, Question
    from letters.enums import LetterKind
    from letters.models import Letter, letter_file_path
    from tests.letters import samples

    now = timezone.now()
    call = Call.objects.create(
        title="Benchmark call",
        slug="benchmark",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
    )
    add_default_form(call=call)
    questions = list(Question.objects.filter(section__call=call))
    pdf = samples.pdf("Fundación Tribu supports this application to OGP Local.")
    digest = hashlib.sha256(pdf).hexdigest()
    storage = Letter._meta.get_field("file").storage
    batch = 500
    for start in range(0, n, batch):
        count = min(batch, n - start)
        governments = Organisation.objects.bulk_create(
            Organisation(
                name=f"Municipality {start + i}",
                country="CL",
                government_level="municipal",
                kind=OrganisationKind.GOVERNMENT,
            )
            for i in range(count)
        )
        applications = Application.objects.bulk_create(
            Application(
                call=call,
                reference=f"OGPL-BENCH-{start + i:05d}",
                lead_government=government,
                status=ApplicationStatus.SUBMITTED,
                submitted_at=now,
                contact_name="Carla Rojas",
                contact_email="carla@example.org",
            )
            for i, government in enumerate(governments)
        )
        Answer.objects.bulk_create(
            Answer(
                application=application, question=question, value=f"Answer to {question.text} " * 20
            )
            for application in applications
            for question in questions
        )
        letters = []
        for application in applications:
            letter = Letter(
                application=application,
                kind=LetterKind.CIVIL_SOCIETY,
                author_organisation="Fundación Tribu",
                signatory_name="Tomás González",
                signatory_title="President",
                signed_on=now.date(),
                original_filename="support.pdf",
                content_type="application/pdf",
                size=len(pdf),
                page_count=1,
                sha256=digest,
            )
            letter.file.name = storage.save(
                letter_file_path(letter, "support.pdf"), ContentFile(pdf)
            )
            letters.append(letter)
        Letter.objects.bulk_create(letters)
    return call


def build_only(archive_id):
    """The worker's side, in its own process: build one archive, print time and memory."""
    import django

    django.setup()
    from records.domain import build_archive
    from records.models import CallArchive

    idle = peak_rss_mb()
    started = time.perf_counter()
    archive = build_archive(archive=CallArchive.objects.get(pk=archive_id))
    print(
        json.dumps(
            {
                "status": archive.status,
                "seconds": round(time.perf_counter() - started, 2),
                "worker_idle_rss_mb": round(idle, 1),
                "worker_peak_rss_mb": round(peak_rss_mb(), 1),
                "zip_mb": round((archive.size or 0) / 1e6, 2),
                "files": archive.file_count,
            }
        )
    )


def download_only(archive_id):
    """The web side, in its own process: answer the archive's download and read it all."""
    import django

    django.setup()
    from common.private_files import private_file_response
    from records.models import CallArchive

    archive = CallArchive.objects.select_related("call").get(pk=archive_id)
    idle = peak_rss_mb()
    started = time.perf_counter()
    response = private_file_response(
        archive.file, filename=archive.download_name, content_type="application/zip"
    )
    digest = hashlib.sha256()
    for chunk in response.streaming_content:
        digest.update(chunk)
    response.close()
    print(
        json.dumps(
            {
                "download_s": round(time.perf_counter() - started, 2),
                "web_idle_rss_mb": round(idle, 1),
                "web_peak_rss_mb": round(peak_rss_mb(), 1),
                "download_sha256_matches": digest.hexdigest() == archive.sha256,
            }
        )
    )


def run_child(flag, archive_id):
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.archive", flag, str(archive_id)],
        cwd=REPO,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100)
    parser.add_argument("--build-only", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--download-only", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        return build_only(args.build_only)
    if args.download_only:
        return download_only(args.download_only)
    folder = Path(tempfile.mkdtemp(prefix="ogp-bench-archive-"))
    postgres = None
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(folder / "private"))
    os.environ.setdefault("MEDIA_ROOT", str(folder / "media"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("REDIS_URL", "")
    try:
        if not os.environ.get("DATABASE_URL"):
            from tests.services import PostgresServer

            postgres = PostgresServer().start()
            os.environ["DATABASE_URL"] = (
                f"postgres://{postgres.user}@127.0.0.1:{postgres.port}/postgres"
            )
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        from records.models import CallArchive

        started = time.perf_counter()
        call = populate(args.applications)
        populate_s = time.perf_counter() - started
        archive = CallArchive.objects.create(call=call)
        from django.db import connections

        connections.close_all()
        load = os.getloadavg()
        result = run_child("--build-only", archive.pk)
        result |= run_child("--download-only", archive.pk)
        print(
            json.dumps(
                {
                    "bench": "archive",
                    "applications": args.applications,
                    "populate_s": round(populate_s, 2),
                    **result,
                    "load": [round(value, 2) for value in load],
                    "load_after": [round(value, 2) for value in os.getloadavg()],
                    "cores": os.cpu_count(),
                }
            ),
            flush=True,
        )
    finally:
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
