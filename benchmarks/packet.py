"""Benchmark: rendering application packets (issue #4). A measurement, not a test.

    .venv/bin/python -m benchmarks.packet [--runs 7] [--sizes small,realistic,large]
                                         [--throughput-packets 10] [--no-throughput]

It builds realistic applications (the default form answered at length, consortium partners,
letters of 2 to 3 pages made by WeasyPrint with a letterhead and a signature block) and prints
one JSON line per packet size:

    {"bench": "packet", "pages": 31, "letters": 8, "task_s": ..., "bare_s": ..., "ratio": ...}

``task_s`` is the median time of the full Celery task (run in this process with
``apply()``: load the packet, read and check the letters, WeasyPrint, merge, atomic write,
record), ``bare_s`` the median time, in the same run and interleaved with it, of the bare work:
WeasyPrint rendering the very same HTML plus the merge with pikepdf, with no Django or Celery
around it. ``ratio`` is task_s / bare_s.

Then it starts real Celery workers (1, then 2 worker processes) and reports packets per
minute, one JSON line each: {"bench": "packet_throughput", "workers": 1, ...}.

Without DATABASE_URL and REDIS_URL in the environment it starts its own throw-away
PostgreSQL and Redis (tests/services.py) and stops them at the end. The Django settings must
have "packets" in INSTALLED_APPS (DJANGO_SETTINGS_MODULE is honoured).
"""

import argparse
import hashlib
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = {
    # name: (pages of answers aimed at, letters)
    "small": (2, 2),
    "realistic": (8, 8),
    "large": (16, 16),
}

SENTENCES = [
    "The municipality publishes its budget, procurement and contract data on an open data portal that residents and journalists use every week.",
    "Neighbourhood councils meet monthly with the planning office to follow the works financed by the participatory budget.",
    "We want the action plan to be co-created with civil society from the first workshop, not presented to it at the end.",
    "Since 2022, every public works contract above the threshold is published with its amendments, payments and photographs of progress.",
    "The access to information office answered 1,284 requests last year, 87 % of them within the legal deadline of ten working days.",
    "Young people from three universities analysed household survey data in a datathon and proposed two indicators that the city now reports.",
    "The council adopted an ordinance that obliges every secretariat to publish its datasets in open formats, with a named person responsible for each.",
    "A citizen council of twenty-one members, drawn by lot among volunteers, reviewed the mobility plan and its recommendations were answered one by one.",
    "Women's organisations asked for data on the use of public spaces at night; the city surveyed lighting and safety in forty neighbourhoods with them.",
    "Our weakness is follow-up: commitments are made in public meetings, but residents rarely learn what became of them.",
    "The open government team sits in the mayor's office, which gives it the authority to convene the secretariats and the budget office.",
    "Civil society partners will co-chair the multi-stakeholder forum and publish their own assessment of each commitment.",
    "We expect to learn from peer cities how to keep participation alive between two elections and beyond a single administration.",
    "The procurement portal already flags contracts with a single bidder; we want residents to be able to ask questions about them online.",
    "Information about water, waste and air quality is scattered across three agencies; a shared data standard would let people compare neighbourhoods.",
    "Indigenous communities in the rural districts asked that consultations take place in Aymara and Quechua, with materials they helped to write.",
    "The council will dedicate two full-time staff members and a budget line for meetings, translation and the publication of results.",
    "Every quarter, the forum will review the progress dashboard in a public session that is streamed and recorded.",
    "The university's public policy school will evaluate the first action plan and publish its method before the evaluation starts.",
    "Small businesses reported that permits take months; a public tracker of applications would show where they stop and why.",
    "During the pandemic the city published emergency purchases daily, and journalists found two overpriced contracts that were then cancelled.",
    "Participation must reach people who do not come to meetings: we will use radio programmes, school visits and mobile stands in markets.",
    "The regional government supports this application and will align its own open data work with the municipality's commitments.",
    "Our civil-society allies have worked on transparency in the city for more than ten years and bring methods and volunteers of their own.",
    "The action plan will have no more than five commitments, each with a lead office, a civil-society counterpart, milestones and a budget.",
    "Público y participación: la ciudadanía de El Alto, Potosí y Cochabamba participó en las mesas de diálogo sobre presupuesto y contratación pública.",
    "A public register of lobbying meetings with council members was approved in 2024 and now lists more than three hundred meetings.",
    "Residents can follow the complaints they file about public services with a tracking number, and the average answer time is published monthly.",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="timed runs per size (after one warm-up)"
    )
    parser.add_argument(
        "--sizes", default="small,realistic,large", help=f"among {', '.join(SIZES)}"
    )
    parser.add_argument("--throughput-packets", type=int, default=12)
    parser.add_argument("--no-throughput", action="store_true")
    return parser.parse_args(argv)


# --- Services and Django -------------------------------------------------------------------


class Environment:
    """Throw-away PostgreSQL, Redis and file folders, unless the environment names them."""

    def __init__(self):
        self.postgres = self.redis = None
        self.folder = Path(tempfile.mkdtemp(prefix="ogp-bench-packets-"))

    def start(self):
        sys.path.insert(0, str(REPO))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
        os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(self.folder / "private"))
        os.environ.setdefault("MEDIA_ROOT", str(self.folder / "media"))
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
            from tests.services import PostgresServer, RedisServer

            if not os.environ.get("DATABASE_URL"):
                self.postgres = PostgresServer().start()
                os.environ["DATABASE_URL"] = (
                    f"postgres://{self.postgres.user}@127.0.0.1:{self.postgres.port}/postgres"
                )
            if not os.environ.get("REDIS_URL"):
                self.redis = RedisServer().start()
                os.environ["REDIS_URL"] = self.redis.url
        return self

    def stop(self):
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def setup_django():
    import django
    from django.apps import apps
    from django.core.management import call_command

    django.setup()
    if not apps.is_installed("packets"):
        sys.exit("The settings do not install the packets app: add 'packets' to INSTALLED_APPS.")
    call_command("migrate", verbosity=0, interactive=False)


# --- Realistic applications ----------------------------------------------------------------


def paragraphs(rng, words):
    """About ``words`` words of answer text in paragraphs of four to six sentences."""
    result, count = [], 0
    while count < words:
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 6)))
        result.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(result)


def letter_pdf(*, author, signatory, title, government, pages, rng) -> bytes:
    """A letter as an organisation's word processor would make it: letterhead, body, signature."""
    from html import escape

    import weasyprint

    body_pages = []
    for page in range(pages):
        text = "".join(f"<p>{escape(paragraphs(rng, 60))}</p>" for _ in range(3 if page else 2))
        if page == 0:
            text = (
                f"<p class='date'>{date.today():%d %B %Y}</p><p>OGP Support Unit<br>"
                "Open Government Partnership</p><p><strong>Subject: support to the application "
                f"of {escape(government)} to OGP Local</strong></p><p>Dear colleagues,</p>"
                f"<p>{escape(author)} writes in support of the application of "
                f"{escape(government)}.</p>" + text
            )
        body_pages.append(f"<section>{text}</section>")
    body_pages[-1] = body_pages[-1].replace(
        "</section>",
        f"<p>Yours sincerely,</p><p class='sig'>{escape(signatory)}<br>{escape(title)}<br>"
        f"{escape(author)}</p></section>",
    )
    html = (
        "<html><head><style>@page { size: A4; margin: 30mm 25mm 25mm; "
        "@top-left { content: '" + author.replace("'", "") + "'; color: #7a1f1f; "
        "font: bold 13pt 'Noto Sans'; } } body { font: 10.5pt/1.45 'Noto Serif'; } "
        "section + section { break-before: page; } .sig { margin-top: 14mm; } "
        ".date { text-align: right; }</style></head><body>" + "".join(body_pages) + "</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf()


def build_call():
    from django.utils import timezone

    from calls.domain import add_default_form
    from calls.models import Call

    now = timezone.now()
    call = Call.objects.create(
        title="OGP Local 2026: call for new members",
        slug=f"bench-{int(time.time() * 1000)}",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
    )
    add_default_form(call=call)
    return call


def build_application(*, call, number, answer_pages, letter_count, letter_files, seed=0):
    """A submitted application with its answers, partners and letters, written to the DB."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from applications.models import Answer, Application, Organisation, Partner
    from calls.enums import QuestionKind
    from calls.models import Question
    from letters.models import Letter

    rng = random.Random(seed)
    suffix = f"{os.getpid()}-{number}"
    government = Organisation.objects.create(
        name=f"Gobierno Autónomo Municipal de Ñuñoa {suffix}",
        country="BO",
        kind="government",
        government_level="municipal",
        population=755_732,
        area_km2="3240.00",
        term_ends_on=date.today() + timedelta(days=4 * 365),
        website="https://www.example.bo",
    )
    application = Application.objects.create(
        call=call,
        reference=f"BENCH-{number:05d}-{os.getpid() % 1000}",
        lead_government=government,
        language="es" if number % 2 else "en",
        lead_office="Dirección de Gobierno Abierto y Tecnologías de Información",
        contact_name="Ana Quispe",
        contact_position="Jefa de Gobierno Abierto",
        contact_email="gobierno.abierto@example.org",
    )
    for partner_number, (name, kind, role) in enumerate(
        [
            ("Fundación Construir", "civil_society", "Civil-society ally, co-chair of the forum"),
            ("Universidad Mayor de San Andrés", "academia", "Evaluation of the action plan"),
            ("Red de Juntas Vecinales", "community_group", "Outreach to neighbourhood councils"),
        ]
    ):
        Partner.objects.create(
            application=application,
            organisation=Organisation.objects.create(
                name=f"{name} {suffix}-{partner_number}", country="BO", kind=kind
            ),
            role=role,
            contact_name="Tomás González",
            contact_email="contacto@example.org",
        )
    questions = list(Question.objects.filter(section__call=call).active())
    long_questions = [q for q in questions if q.kind in (QuestionKind.LONG_TEXT,)]
    words = max(40, answer_pages * 400 // max(1, len(long_questions)))
    answers = []
    for question in questions:
        value = {
            QuestionKind.NUMBER: "4",
            QuestionKind.DATE: "2025-06-01",
            QuestionKind.CHOICE: question.choice_list[0] if question.choice_list else "",
            QuestionKind.SHORT_TEXT: "Ana Quispe, Jefa de Gobierno Abierto",
        }.get(question.kind)
        answers.append(
            Answer(
                application=application, question=question, value=value or paragraphs(rng, words)
            )
        )
    Answer.objects.bulk_create(answers)
    authors = [(government.name, "intent")] + [
        (f"Organización de apoyo {index}", "civil_society" if index % 2 else "peer")
        for index in range(1, letter_count)
    ]
    for index, (author, kind) in enumerate(authors[:letter_count]):
        data = letter_files[index % len(letter_files)]
        letter = Letter(
            application=application,
            kind=kind,
            government=government if kind == "intent" else None,
            author_organisation=author,
            signatory_name="Claudia Pérez Ñáñez",
            signatory_title="Directora ejecutiva",
            signed_on=date.today(),
            language="es",
            original_filename=f"carta-{index + 1}.pdf",
            content_type="application/pdf",
            size=len(data),
            page_count=_pages(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        letter.file.save("letter.pdf", ContentFile(data), save=False)
        letter.save()
    # Submitted last, with update(): built as a draft, no packet is asked for along the way.
    Application.objects.filter(pk=application.pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    application.refresh_from_db()
    return application


def _pages(data):
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def make_letter_files(count, seed=1):
    rng = random.Random(seed)
    return [
        letter_pdf(
            author=f"Organización de apoyo {index}",
            signatory="Claudia Pérez Ñáñez",
            title="Directora ejecutiva",
            government="Gobierno Autónomo Municipal de Ñuñoa",
            pages=2 + index % 2,
            rng=rng,
        )
        for index in range(count)
    ]


# --- Timing --------------------------------------------------------------------------------


def time_task(application):
    """One run of the full task for a fresh packet of ``application``; the packet is then
    deleted so that the next run renders again."""
    from packets import domain
    from packets.enums import PacketStatus
    from packets.tasks import render_packet_task

    packet = domain.request_packet(application=application, enqueue=False)
    started = time.perf_counter()
    result = render_packet_task.apply(args=[packet.pk])
    elapsed = time.perf_counter() - started
    packet.refresh_from_db()
    if result.failed() or packet.status != PacketStatus.READY:
        raise RuntimeError(f"the task did not render the packet: {packet.error or result.result}")
    pages = packet.page_count
    packet.file.delete(save=False)
    packet.delete()
    return elapsed, pages


def bare_inputs(application):
    """What the bare run needs, prepared outside the timing: the same HTML, the stylesheet and
    the letters' bytes. Made with the packets code once; the bare run itself uses none of it."""
    from django.contrib.staticfiles import finders

    from packets import domain
    from packets.rendering import packet_html, read_letter_files

    inputs = domain.packet_inputs(application)
    letter_files = read_letter_files(inputs)
    html = packet_html(
        inputs, version=1, input_hash=domain.input_hash(inputs), letter_files=letter_files
    )
    letters = [letter_file.data for letter_file in letter_files]
    for letter_file in letter_files:
        letter_file.close()
    with open(finders.find("packets/packet.css"), "rb") as file:
        stylesheet = file.read()
    return html, stylesheet, letters


def bare_run(html, stylesheet, letters):
    """WeasyPrint on the same HTML, then the letters put on their reserved pages with pikepdf."""
    import pikepdf
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StylesheetOnly(URLFetcher):
        def fetch(self, url, headers=None):
            return URLFetcherResponse(url, body=stylesheet, headers={"Content-Type": "text/css"})

    started = time.perf_counter()
    document = weasyprint.HTML(string=html, url_fetcher=StylesheetOnly()).render()
    reserved = []
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("lp-"):
                _prefix, letter, page_number = anchor.split("-")
                reserved.append((index, int(letter), int(page_number)))
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    sources = [pikepdf.open(io.BytesIO(data)) for data in letters]
    with pikepdf.open(io.BytesIO(pdf)) as packet:
        for index, letter, page_number in reserved:
            packet.pages[index].add_overlay(
                sources[letter - 1].pages[page_number - 1], pikepdf.Rectangle(34, 45, 561, 762)
            )
        output = io.BytesIO()
        packet.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in sources:
        source.close()
    return time.perf_counter() - started


def bench_size(call, name, runs, letter_files):
    answer_pages, letter_count = SIZES[name]
    application = build_application(
        call=call,
        number=list(SIZES).index(name) + 1,
        answer_pages=answer_pages,
        letter_count=letter_count,
        letter_files=letter_files,
    )
    html, stylesheet, letters = bare_inputs(application)
    time_task(application)  # warm-up: fonts, templates, imports
    bare_run(html, stylesheet, letters)
    task_times, bare_times, pages = [], [], 0
    for _run in range(runs):  # interleaved, so that a slow moment hits both
        elapsed, pages = time_task(application)
        task_times.append(elapsed)
        bare_times.append(bare_run(html, stylesheet, letters))
    task_s, bare_s = statistics.median(task_times), statistics.median(bare_times)
    return {
        "bench": "packet",
        "pages": pages,
        "letters": letter_count,
        "task_s": round(task_s, 3),
        "bare_s": round(bare_s, 3),
        "ratio": round(task_s / bare_s, 3),
    }


# --- Throughput with real workers ----------------------------------------------------------


def throughput(call, workers, count, letter_files):
    """Packets per minute with ``workers`` Celery worker processes on the realistic size."""
    from packets import domain
    from packets.enums import PacketStatus
    from packets.models import Packet

    answer_pages, letter_count = SIZES["realistic"]
    base = 20_000 + workers * 1_000
    applications = [
        build_application(
            call=call,
            number=base + index,
            answer_pages=answer_pages,
            letter_count=letter_count,
            letter_files=letter_files,
            seed=index,
        )
        for index in range(count + 2 * workers)
    ]
    from ogp_portal.celery import app

    app.control.purge()
    worker = start_worker(workers)
    try:
        # Warm every worker process up (imports, fonts) before timing.
        warm = [domain.request_packet(application=a) for a in applications[: 2 * workers]]
        wait_ready([p.pk for p in warm], timeout=180)
        started = time.perf_counter()
        packets = [domain.request_packet(application=a) for a in applications[2 * workers :]]
        wait_ready([p.pk for p in packets], timeout=600)
        elapsed = time.perf_counter() - started
    finally:
        stop_worker(worker)
    pages = Packet.objects.filter(pk=packets[0].pk).values_list("page_count", flat=True).first()
    failed = Packet.objects.filter(pk__in=[p.pk for p in packets], status=PacketStatus.FAILED)
    return {
        "bench": "packet_throughput",
        "workers": workers,
        "packets": count,
        "pages": pages,
        "failed": failed.count(),
        "seconds": round(elapsed, 2),
        "packets_per_min": round(count / elapsed * 60, 1),
    }


def start_worker(concurrency):
    command = [
        sys.executable, "-m", "celery", "-A", "ogp_portal", "worker",
        "--pool", "prefork", "--concurrency", str(concurrency),
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel", os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING"),
    ]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), *sys.path[1:]]))
    # The worker's banner and logs go to stderr: stdout carries only the JSON lines.
    process = subprocess.Popen(
        command, cwd=REPO, env=env, start_new_session=True, stdout=sys.stderr
    )
    from ogp_portal.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the Celery worker exited at start")
        if app.control.ping(timeout=0.5):
            return process
    process.terminate()
    raise RuntimeError("the Celery worker did not answer within 60 s")


def stop_worker(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_ready(packet_ids, timeout):
    from packets.enums import PacketStatus
    from packets.models import Packet

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = Packet.objects.filter(
            pk__in=packet_ids, status__in=[PacketStatus.QUEUED, PacketStatus.RENDERING]
        ).count()
        if not waiting:
            return
        time.sleep(0.05)
    raise RuntimeError(f"packets not finished after {timeout} s")


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pikepdf
    import weasyprint

    return {
        "bench": "packet_machine",
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "system": platform.platform(),
        "weasyprint": weasyprint.__version__,
        "pikepdf": pikepdf.__version__,
        # Other work on the machine skews the absolute times (not much the ratios, which are
        # measured interleaved): the load when the benchmark started.
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main(argv=None):
    args = parse_args(argv)
    environment = Environment().start()
    try:
        setup_django()
        print(json.dumps(machine()), flush=True)
        call = build_call()
        letter_files = make_letter_files(8)
        for name in filter(None, args.sizes.split(",")):
            print(json.dumps(bench_size(call, name.strip(), args.runs, letter_files)), flush=True)
        if not args.no_throughput:
            for workers in (1, 2):
                result = throughput(call, workers, args.throughput_packets, letter_files)
                print(json.dumps(result), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        environment.stop()


if __name__ == "__main__":
    main()
