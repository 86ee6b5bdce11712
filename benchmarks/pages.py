"""Benchmark: what each page costs at 100 and at 10,000 applications (issue #15).

    .venv/bin/python -m benchmarks.pages [--sizes 100,10000] [--runs 15] [--pages ranking,desk]

It starts a throw-away PostgreSQL (tests/services.py) unless DATABASE_URL is set, seeds a call
with ``size`` applications in bulk (each with two partners, every question answered, three
letters, three submitted reviews; a third decided and released), measures every page in
``PAGES`` with Django's test client in this process, then grows the same call to the next
size and measures again. One JSON line per page and size:

    {"bench": "pages", "page": "public record", "rows": 10000, "queries": 6,
     "p50_ms": 41.2, "p95_ms": 47.9, "floor_ms": 4.1}

and before them, per size, what used the machine while the pages were measured
(benchmarks/machine.py; ``others`` is everything but this process and its PostgreSQL):

    {"bench": "pages_machine", "rows": 10000, "cpu_s": {"benchmark": 61.2, "postgresql": 9.8,
     "machine": 72.1, "others": 1.1}, "wall_s": 70.4, "cores": 2, "load_average": [0.9, 1.1]}

``queries`` is counted on one request, the times on ``--runs`` more (a streamed export is
read to its end); ``floor_ms`` is the p50 of a trivial page (the login form) measured in
the same run, so a ratio to it survives a busy machine. Goals: the same ``queries`` at both
sizes; at 10,000 every HTML page's p50 under 10 × floor, every export under 1 s.

To measure another page, add one line to ``PAGES``.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Page:
    name: str
    url: object  # a function of the seeded World, returning the URL
    user: str | None  # "applicant", "reviewer", "coordinator" or None (anonymous)
    export: bool = False
    token: bool = False  # sent with the user's personal API token instead of a session


def _admin(name, *args, query=""):
    from django.urls import reverse

    return reverse(f"admin:{name}", args=args) + (f"?{query}" if query else "")


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


def _last_ranking_page(world):
    from applications.models import Application
    from desk.admin.reviews import RankingAdmin

    rows = Application.objects.filter(call=world.call, candidacy__isnull=False).count()
    return max(1, -(-rows // RankingAdmin.list_per_page))


PAGES = [
    Page("floor (login form)", lambda w: _url("account_login"), None),
    Page("applicant dashboard", lambda w: _url("dashboard"), "applicant"),
    Page(
        "application page", lambda w: _url("application_detail", reference=w.reference), "applicant"
    ),
    Page("letters page", lambda w: _url("letters_manage", reference=w.reference), "applicant"),
    Page("coordinator's desk", lambda w: _admin("index"), "coordinator"),
    Page("reviewer's desk", lambda w: _admin("index"), "reviewer"),
    Page("change list", lambda w: _admin("applications_application_changelist"), "coordinator"),
    Page(
        "change list, searched",
        lambda w: _admin("applications_application_changelist", query="q=partner+7"),
        "coordinator",
    ),
    Page("change view", lambda w: _admin("applications_application_change", w.pk), "coordinator"),
    Page("reviewer's list", lambda w: _admin("applications_application_changelist"), "reviewer"),
    Page("scoring page", lambda w: _admin("applications_application_score", w.pk), "reviewer"),
    Page(
        "ranking",
        lambda w: _admin("reviews_rankedapplication_changelist", query=f"call__id__exact={w.call}"),
        "coordinator",
    ),
    Page(
        "ranking, last page",
        lambda w: _admin(
            "reviews_rankedapplication_changelist",
            query=f"call__id__exact={w.call}&p={_last_ranking_page(w)}",
        ),
        "coordinator",
    ),
    Page(
        "ranking export",
        lambda w: _admin("reviews_rankedapplication_export", query=f"call__id__exact={w.call}"),
        "coordinator",
        export=True,
    ),
    Page("committee meeting", lambda w: _url("committee_meeting", call_id=w.call), "coordinator"),
    Page(
        "committee meeting, last page",
        lambda w: _url("committee_meeting", call_id=w.call) + f"?p={_last_ranking_page(w)}",
        "coordinator",
    ),
    Page("call charts", lambda w: _url("committee_charts", call_id=w.call), "coordinator"),
    Page("public call page, with figures", lambda w: _url("call_detail", slug=w.slug), None),
    Page("public record", lambda w: _url("call_record", slug=w.slug), None),
    Page("open data JSON", lambda w: _url("call_applications_json", slug=w.slug), None, True),
    Page("open data CSV", lambda w: _url("call_applications_csv", slug=w.slug), None, True),
    Page("API results", lambda w: _url("api:call-results", slug=w.slug), None),
    Page(
        "API results, 200 a page",
        lambda w: _url("api:call-results", slug=w.slug) + "?page_size=200",
        None,
    ),
    # The token holder's API lists (applications in review, an application's reviews).
    Page("API in review", lambda w: _url("api:review-application-list"), "coordinator", token=True),
    Page(
        "API in review, 200 a page",
        lambda w: _url("api:review-application-list") + "?page_size=200",
        "coordinator",
        token=True,
    ),
    Page(
        "API in review, reviewer",
        lambda w: _url("api:review-application-list"),
        "reviewer",
        token=True,
    ),
    Page(
        "API reviews of an application",
        lambda w: _url("api:review-application-reviews", reference=w.reference),
        "coordinator",
        token=True,
    ),
]
FLOOR = PAGES[0].name


@dataclass
class World:
    """What the pages need to find: the call, one application and its people."""

    call: int
    slug: str
    pk: int
    reference: str
    users: dict


class Services:
    """A throw-away PostgreSQL, unless DATABASE_URL names one."""

    def __init__(self):
        self.postgres = None
        self.folder = Path(tempfile.mkdtemp(prefix="ogp-bench-pages-"))

    def start(self):
        sys.path.insert(0, str(REPO))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
        os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(self.folder / "private"))
        os.environ.setdefault("MEDIA_ROOT", str(self.folder / "media"))
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        os.environ.setdefault("DEBUG", "false")
        # Production settings, but plain HTTP in-process: no redirect to https.
        os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
        os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
        os.environ.pop("REDIS_URL", None)  # no task leaves the process here
        os.environ.setdefault("API_ANONYMOUS_RATE", "1000000/minute")  # measure, not throttle
        os.environ.setdefault("API_TOKEN_RATE", "1000000/minute")
        if not os.environ.get("DATABASE_URL"):
            from tests.services import PostgresServer

            self.postgres = PostgresServer().start()
            os.environ["DATABASE_URL"] = (
                f"postgres://{self.postgres.user}@127.0.0.1:{self.postgres.port}/postgres"
            )
        return self

    def parts(self):
        """This process's CPU seconds and, if it started one, PostgreSQL's (what else used
        the machine is the rest: benchmarks.machine)."""
        from benchmarks.machine import own_seconds, tree_seconds

        parts = {"benchmark": own_seconds}
        if self.postgres is not None:
            postmaster = int((self.postgres.data / "postmaster.pid").read_text().split()[0])
            parts["postgresql"] = lambda: tree_seconds(postmaster)
        return parts

    def stop(self):
        if self.postgres is not None:
            self.postgres.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def setup_django():
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # allows the test client's host, keeps e-mail in memory
    call_command("migrate", verbosity=0, interactive=False)
    # DEBUG is off as in production, but static files are not collected: plain storage
    # (the manifest's one lookup per {% static %} is not what is measured here).
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {**settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES=storages).enable()


# --- Seeding --------------------------------------------------------------------------------

COUNTRIES = ["CL", "PE", "BO", "KE", "PH", "FR", "MX", "ID", "CO", "GH", "NG", "ES"]


def seed_people():
    from accounts.roles import appoint_coordinator
    from reviews.domain import enlist_reviewer
    from tests.factories import UserFactory, enrol_totp

    coordinator = UserFactory(email="coordinator@bench.example.org", is_staff=True)
    appoint_coordinator(coordinator)
    reviewers = [
        enlist_reviewer(
            user=UserFactory(email=f"reviewer{n}@bench.example.org"), by=None, country=c
        ).user
        for n, c in enumerate(["ZA", "IN", "US"])
    ]
    for staff in [coordinator, *reviewers]:
        enrol_totp(staff)  # the desk opens only for staff with a second factor
    applicant = UserFactory(email="applicant@bench.example.org")
    return {"coordinator": coordinator, "reviewers": reviewers, "applicant": applicant}


def seed_call():
    from django.utils import timezone

    from calls.domain import add_default_form
    from reviews.domain import add_default_criteria
    from tests.factories import CallFactory

    now = timezone.now()
    call = CallFactory(
        slug="bench-call", opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=30)
    )
    add_default_form(call=call)
    add_default_criteria(call=call)
    call.results_published_at = now - timedelta(days=1)
    call.save(update_fields=["results_published_at"])
    return call


def seed_applications(call, people, start, count, batch=2000):
    """``count`` more applications numbered from ``start``, in bulk, batch by batch."""
    for first in range(start, start + count, batch):
        _seed_batch(call, people, first, min(batch, start + count - first))


def _seed_batch(call, people, start, count):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from applications.enums import ApplicationStatus, EditorRole
    from applications.models import Answer, Application, ApplicationEditor, Organisation, Partner
    from calls.models import Question
    from letters.enums import LetterKind
    from letters.models import Letter
    from reviews import domain
    from reviews.enums import DecisionOutcome, Recommendation, ReviewStage, ReviewStatus
    from reviews.models import Assignment, Candidacy, Decision, Review, Score

    now = timezone.now()
    numbers = range(start, start + count)
    questions = list(Question.objects.filter(section__call=call))
    criteria = list(call.criteria.all())
    owners = get_user_model().objects.bulk_create(
        get_user_model()(email=f"owner{n}@bench.example.org", password="!") for n in numbers
    )
    leads = Organisation.objects.bulk_create(
        Organisation(
            name=f"Municipality {n}",
            country=COUNTRIES[n % len(COUNTRIES)],
            kind="government",
            government_level="municipal",
            population=20_000 + 37 * n,
        )
        for n in numbers
    )
    decided = [n % 3 == 0 for n in numbers]
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            reference=f"OGPL-2026-{n:05d}",
            lead_government=lead,
            status=ApplicationStatus.DECIDED if is_decided else ApplicationStatus.UNDER_REVIEW,
            lead_office="Open Government Office",
            contact_name=f"Contact {n}",
            contact_email=f"contact{n}@bench.example.org",
            submitted_at=now - timedelta(days=31),
            publication_consent=n % 2 == 0,
        )
        for n, lead, is_decided in zip(numbers, leads, decided, strict=True)
    )
    ApplicationEditor.objects.bulk_create(
        ApplicationEditor(application=a, user=u, role=EditorRole.OWNER)
        for a, u in zip(applications, owners, strict=True)
    )
    allies = Organisation.objects.bulk_create(
        Organisation(name=f"Partner {n} {side}", country=COUNTRIES[n % 12], kind="civil_society")
        for n in numbers
        for side in ("North", "South")
    )
    Partner.objects.bulk_create(
        Partner(application=applications[i // 2], organisation=o, role="Civil-society ally")
        for i, o in enumerate(allies)
    )
    Answer.objects.bulk_create(
        Answer(application=a, question=q, value=f"Answer {a.reference} to {q.pk}: " + "text " * 60)
        for a in applications
        for q in questions
    )
    Letter.objects.bulk_create(
        Letter(
            application=a,
            kind=kind,
            government=lead if kind == LetterKind.INTENT else None,
            author_organisation=author,
            signatory_name="Signatory",
            signatory_title="Mayor",
            signed_on=date(2026, 1, 15),
            file=f"letters/bench/{a.reference}-{kind}.pdf",
            original_filename=f"{kind}.pdf",
            content_type="application/pdf",
            size=120_000,
            page_count=2,
            sha256="0" * 64,
        )
        for a, lead in zip(applications, leads, strict=True)
        for kind, author in (
            (LetterKind.INTENT, lead.name),
            (LetterKind.CIVIL_SOCIETY, "Civil society network"),
            (LetterKind.CIVIL_SOCIETY, "Neighbourhood council"),
        )
    )
    Candidacy.objects.bulk_create(
        Candidacy(application=a, stage=ReviewStage.COMMITTEE_REVIEW) for a in applications
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(application=a, reviewer=r) for a in applications for r in people["reviewers"]
    )
    recommendations = list(Recommendation)
    reviews = Review.objects.bulk_create(
        Review(
            assignment=assignment,
            status=ReviewStatus.SUBMITTED,
            recommendation=recommendations[i % 3],
            summary="A credible plan with a committed civil society.",
            submitted_at=now,
        )
        for i, assignment in enumerate(assignments)
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=1 + (i * 7 + position) % 5)
        for i, review in enumerate(reviews)
        for position, criterion in enumerate(criteria)
    )
    # Loaded in bulk, past reviews.domain: the ranking's stored figures are computed once here.
    domain.refresh_ranking(
        applications=Application.objects.filter(pk__in=[a.pk for a in applications])
    )
    Decision.objects.bulk_create(
        Decision(
            application=a,
            outcome=[DecisionOutcome.ADMITTED, DecisionOutcome.NOT_ADMITTED][i % 2],
            reason="Bench",
            decided_by=people["coordinator"],
            released_at=now,
            released_by=people["coordinator"],
        )
        for i, (a, is_decided) in enumerate(zip(applications, decided, strict=True))
        if is_decided
    )


def seed_world(size):
    from applications.enums import EditorRole
    from applications.models import Application, ApplicationEditor

    people = seed_people()
    call = seed_call()
    seed_applications(call, people, 0, size)
    # The applicant edits one application: the dashboard, its page and its letters.
    mine = Application.objects.get(reference="OGPL-2026-00001")
    ApplicationEditor.objects.create(
        application=mine, user=people["applicant"], role=EditorRole.EDITOR
    )
    users = {"applicant": people["applicant"], "reviewer": people["reviewers"][0]}
    users["coordinator"] = people["coordinator"]
    world = World(call=call.pk, slug=call.slug, pk=mine.pk, reference=mine.reference, users=users)
    return world, call, people


# --- Measuring ------------------------------------------------------------------------------


def fetch(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 (already read; kept for symmetry)
    return response


def _token(client, user):
    """A personal API token for ``user``, made as the token page makes it (in a session that
    gave the second factor)."""
    from django.test import RequestFactory

    from api.tokens import create_token

    request = RequestFactory().get("/")
    request.user, request.session = user, client.session
    return create_token(request=request, name="benchmark")[1]


def measure(world, runs, pages):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.factories import pass_second_factor

    clients = {None: Client()}
    token_clients = {}
    for role, user in world.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
        pass_second_factor(clients[role], user)  # staff pages need a session with the code
        token_clients[role] = Client(HTTP_AUTHORIZATION=f"Bearer {_token(clients[role], user)}")
    results = {}
    for page in pages:
        client = (token_clients if page.token else clients)[page.user]
        url = page.url(world)
        fetch(client, url)  # warm: templates, session, content types
        with CaptureQueriesContext(connection) as captured:
            fetch(client, url)
        # Read now: captured_queries slices the connection's log, which the next request empties.
        queries = len(captured.captured_queries)
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            fetch(client, url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        results[page.name] = {
            "queries": queries,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        }
    return results


def report(size, results, pages):
    floor = results[FLOOR]["p50_ms"]
    for page in pages:
        line = {"bench": "pages", "page": page.name, "rows": size, **results[page.name]}
        line["floor_ms"] = floor
        print(json.dumps(line), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--pages",
        default="",
        help="measure only the pages whose name contains one of these comma-separated words "
        "(the floor is always measured)",
    )
    args = parser.parse_args()
    words = [word.strip().lower() for word in args.pages.split(",") if word.strip()]
    pages = [
        page
        for page in PAGES
        if page.name == FLOOR or not words or any(word in page.name.lower() for word in words)
    ]
    sizes = sorted(int(size) for size in args.sizes.split(","))
    services = Services().start()
    try:
        setup_django()
        from django.db import connection

        from benchmarks.machine import Watch

        started = time.perf_counter()
        world, call, people = seed_world(sizes[0])
        seeded = sizes[0]
        for size in sizes:
            if size > seeded:
                seed_applications(call, people, seeded, size - seeded)
                seeded = size
            with connection.cursor() as cursor:
                # What autovacuum does within a minute of a bulk load (10,000 inserts pass its
                # thresholds): statistics for the planner, and the visibility map that
                # index-only scans read. Measured right after the load, pages would pay for
                # hint bits and heap visits that no running portal pays.
                cursor.execute("VACUUM ANALYZE")
            from common import kept

            kept.forget()  # seeded in bulk, past the signals that renew kept values
            print(
                json.dumps(
                    {
                        "bench": "pages_seed",
                        "rows": size,
                        "seconds": round(time.perf_counter() - started, 1),
                    }
                ),
                file=sys.stderr,
                flush=True,
            )
            watch = Watch(services.parts())
            results = measure(world, args.runs, pages)
            print(json.dumps({"bench": "pages_machine", "rows": size, **watch.report()}))
            report(size, results, pages)
    finally:
        services.stop()


if __name__ == "__main__":
    main()
