"""Benchmark: the deadline rush (issue #15). A measurement, not a test.

    .venv/bin/python -m benchmarks.deadline [--applicants 50] [--invitees 10]
                                            [--coordinators 2] [--seconds 90]
                                            [--spawn-rate 2] [--think 0] [--before]

It starts, on loopback only: a throw-away PostgreSQL and Redis (tests/services.py), the
portal under gunicorn with the production configuration (gunicorn.conf.py: threaded
workers; DEBUG off, benchmarks/settings.py) and two Celery workers at a lower CPU priority
(``--before``: three synchronous gunicorn workers and Celery at the web's priority, the
set-up this replaced). It seeds one open call with one complete draft per applicant and one
letter invitation each, then runs Locust as a library for a fixed time: every applicant
signs in, saves each section (after ``--think`` seconds on it: none by default, so the
applicants wait only for the portal), uploads a letter and submits (once: the number of
requests is bounded), while invitees upload through their links and coordinators (signed
in with their second factor) browse the desk and the ranking and export it. A form's time
is that of its POST alone (the redirect is not followed: the next form is the next GET).

One JSON line per kind of request, then the CPU seconds each part used during the load
(``others``: what the rest of the machine used meanwhile) and a summary:

    {"bench": "deadline", "kind": "save section", "requests": 400, "errors": 0,
     "p50_ms": 80, "p95_ms": 210, "p99_ms": 320}
    {"bench": "deadline", "cpu_s": {"web": 47.9, ..., "machine": 120.6, "others": 63.9},
     "wall_s": 60.3, "cores": 2, "load_average": [6.81, 12.04]}
    {"bench": "deadline", "submissions": 50, "packets_ready": 50, "packets_wait_s": 41.0}

``packets_ready`` counts the submitted applications whose packet is ready within a minute
after the load ends (``packets_wait_s`` is when the last one was).
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-bench-password-2026"
WORKER_NICENESS = 10
SIGNATURE = {
    "signatory_name": "Claudia Pérez",
    "signatory_title": "President",
    "signed_on": "2026-11-02",
    "language": "es",
}


# --- Forms as a browser sends them ----------------------------------------------------------


class _Forms(HTMLParser):
    """Every <form> of a page with the values a browser would send unchanged."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": {}, "files": [], "boxes": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "file":
                self._form["files"].append(attrs["name"])
            elif kind in ("checkbox", "radio"):
                self._form["boxes"].append(attrs["name"])
                if "checked" in attrs:
                    self._form["fields"][attrs["name"]] = attrs.get("value", "on")
            elif kind not in ("submit", "button"):
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            current = self._form["fields"].get(self._select)
            if "selected" in attrs or (not current and value):
                self._form["fields"][self._select] = value

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_form(html, having):
    """The first form of ``html`` with a field, file or box named ``having``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if having in form["fields"] or having in form["files"] or having in form["boxes"]:
            return form
    raise LookupError(f"no form with {having!r}")


# --- Services -------------------------------------------------------------------------------


class Portal:
    """PostgreSQL, Redis, gunicorn and two Celery workers, on 127.0.0.1."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ogp-bench-deadline-"))
        self.postgres = self.redis = None
        self.processes = []

    def environment(self):
        from tests.services import PostgresServer, RedisServer, free_port

        self.postgres = PostgresServer().start()
        self.redis = RedisServer().start()
        self.port = free_port()
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.postgres.port}/postgres",
                "REDIS_URL": self.redis.url,
                "DEBUG": "false",
                "SECRET_KEY": "bench-" + os.urandom(24).hex(),
                "ALLOWED_HOSTS": "127.0.0.1",
                "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
                "PRIVATE_MEDIA_ROOT": str(self.folder / "private"),
                "MEDIA_ROOT": str(self.folder / "media"),
                "LOG_LEVEL": "WARNING",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            }
        )
        return self

    def _spawn(self, name, *command):
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((process, log))
        return process

    def serve(self, before=False):
        """The production configuration (gunicorn.conf.py: threaded workers; packet workers at
        a lower CPU priority), on loopback. ``before``: the set-up this replaced, to compare
        (three synchronous workers, packet workers at the web's priority)."""
        python = sys.executable
        # (--threads 1: with more threads gunicorn would switch a "sync" worker to gthread.)
        web = ("--worker-class", "sync", "--workers", "3", "--threads", "1") if before else ()
        self._spawn(
            "gunicorn",
            *(python, "-m", "gunicorn", "--config", str(REPO / "gunicorn.conf.py"), *web),
            *("--bind", f"127.0.0.1:{self.port}", "ogp_portal.wsgi:application"),
        )
        niceness = 0 if before else WORKER_NICENESS
        for number in (1, 2):
            # docker-compose.yml gives the worker's container a lower CPU weight instead.
            worker = self._spawn(
                f"celery{number}",
                *("nice", "-n", str(niceness), python, "-m", "celery", "-A", "ogp_portal"),
                *("worker", "--concurrency", "1", "-n", f"bench{number}@127.0.0.1"),
                *("--loglevel", "WARNING"),
            )
            if niceness:
                lower_session_priority(worker.pid, niceness)
        self._wait_for_http()
        return self

    def _wait_for_http(self, timeout=30):
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=2)  # noqa: S310
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer; see {self.folder / 'gunicorn.log'}")

    def parts(self):
        """Each part's CPU seconds so far, as functions (benchmarks.machine.Watch)."""
        from benchmarks.machine import own_seconds, tree_seconds

        gunicorn, *celery = [process.pid for process, _log in self.processes]
        postmaster = int((self.postgres.data / "postmaster.pid").read_text().split()[0])
        return {
            "web": lambda: tree_seconds(gunicorn),
            "packet workers": lambda: sum(tree_seconds(pid) for pid in celery),
            "postgresql": lambda: tree_seconds(postmaster),
            "redis": lambda: tree_seconds(self.redis.process.pid),
            "locust": own_seconds,
        }

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        for process, log in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def lower_session_priority(pid, niceness):
    """With the kernel's automatic session groups (``sched_autogroup``), a process started in
    a session of its own shares the CPU with other sessions as a group, whatever its nice
    value: the group gets the same niceness."""
    autogroup = Path(f"/proc/{pid}/autogroup")
    with contextlib.suppress(OSError):  # no session groups here: the nice value is enough
        autogroup.write_text(str(niceness))


# --- Seeding (in this process, before the load) ---------------------------------------------


def seed(applicants, invitees, coordinators=2):
    """An open call, ``coordinators`` coordinators (each with a TOTP authenticator, as staff
    must have), ``applicants`` complete drafts (one per applicant) and
    ``invitees`` letter invitations. Returns what the simulated users need."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from accounts.roles import appoint_coordinator
    from calls.domain import add_default_form
    from letters.domain import invite_letter_author
    from letters.enums import LetterKind
    from reviews.domain import add_default_criteria
    from tests.factories import (
        ApplicationFactory,
        CallFactory,
        UserFactory,
        complete_application,
        enrol_totp,
    )

    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1))
    add_default_form(call=call)
    add_default_criteria(call=call)
    staff = []
    for number in range(coordinators):
        coordinator = UserFactory(email=f"coordinator{number}@bench.example.org", password=PASSWORD)
        coordinator.is_staff = True
        coordinator.save(update_fields=["is_staff"])
        appoint_coordinator(coordinator)
        enrol_totp(coordinator)  # one account each: a TOTP code is accepted once
        staff.append(coordinator.email)
    people, tokens = [], []
    for number in range(applicants):
        user = UserFactory(email=f"applicant{number}@bench.example.org", password=PASSWORD)
        application = complete_application(ApplicationFactory(call=call, owner=user))
        sections = list(call.sections.order_by("position").values_list("pk", flat=True))
        people.append(
            {"email": user.email, "reference": application.reference, "sections": sections}
        )
        if number < invitees:
            invite_letter_author(
                application=application,
                organisation_name=f"Neighbourhood council {number}",
                email=f"council{number}@bench.example.org",
                kind=LetterKind.CIVIL_SOCIETY,
                invited_by=user,
                link_for=tokens.append,
            )
    return {
        "applicants": people,
        "tokens": tokens,
        "coordinators": staff,
        "call": call.pk,
    }


def letter_pdf():
    from tests.letters import samples

    return samples.pdf("The neighbourhood council supports this application to OGP Local.")


# --- Load -----------------------------------------------------------------------------------


def run_load(portal, world, *, applicants, invitees, coordinators, seconds, spawn_rate, think=0.0):
    import gevent
    from locust import HttpUser, constant_pacing, task
    from locust.env import Environment
    from locust.exception import StopUser

    from tests.factories import totp_code

    pdf = letter_pdf()
    applicant_queue = list(world["applicants"])
    token_queue = list(world["tokens"])
    coordinator_queue = list(world["coordinators"])

    def sign_in(client, email, second_factor=False):
        page = client.get("/accounts/login/", name="sign in form")
        form = page_form(page.text, "login")
        fields = form["fields"] | {"login": email, "password": PASSWORD}
        response = client.post(
            "/accounts/login/", data=fields, name="sign in", headers={"Referer": page.url}
        )
        if second_factor:  # staff: the authenticator app's code, on allauth's second page
            form = page_form(response.text, "code")
            client.post(
                response.url,
                data=form["fields"] | {"code": totp_code()},
                name="sign in (second factor)",
                headers={"Referer": response.url},
            )

    def send(
        client,
        path,
        having,
        name,
        *,
        extra=None,
        files=None,
        tick=(),
        stay_means_refused=False,
        thanks_page=False,
    ):
        page = client.get(path, name=f"{name} (form)")
        form = page_form(page.text, having)
        fields = form["fields"] | dict.fromkeys(tick, "on") | (extra or {})
        with client.post(
            form["action"] or path,
            data=fields,
            files=files,
            name=name,
            headers={"Referer": page.url},
            catch_response=True,
            allow_redirects=False,  # the time of the save itself; the next GET is the next form
        ) as response:
            # A valid form is answered with a redirect (the invitee's with a thank-you page);
            # a refused form comes back as the same page with its errors.
            if response.status_code == 410 and name == "invitee upload":
                response.success()  # the applicant submitted meanwhile: the link closed
                return
            location = urlsplit(response.headers.get("Location", "")).path
            stayed = stay_means_refused and location == urlsplit(page.url).path
            if thanks_page:
                accepted = response.status_code == 200 and "is-invalid" not in response.text
            else:
                accepted = response.status_code == 302 and not stayed
            if not accepted:
                text = response.text
                where = text.find("alert-danger")
                detail = " ".join(text[where : where + 400].split()) if where >= 0 else ""
                response.failure(f"{response.status_code}: {name} refused {detail}")

    class Applicant(HttpUser):
        weight = applicants
        wait_time = constant_pacing(1)

        def on_start(self):
            self.me = applicant_queue.pop()
            sign_in(self.client, self.me["email"])

        @task
        def deadline_day(self):
            reference = self.me["reference"]
            for section in self.me["sections"]:
                gevent.sleep(think)  # reading and typing the section (none by default)
                send(
                    self.client,
                    f"/applications/{reference}/sections/{section}/",
                    "version",
                    "save section",
                )
            send(
                self.client,
                f"/applications/{reference}/letters/",
                "letter-file",
                "upload letter",
                extra={
                    "letter-kind": "civil_society",
                    "letter-government": "",
                    "letter-author_organisation": "Civic tech collective",
                    **{f"letter-{name}": value for name, value in SIGNATURE.items()},
                },
                files={"letter-file": ("support.pdf", pdf, "application/pdf")},
            )
            send(
                self.client,
                f"/applications/{reference}/submit/",
                "confirm",
                "submit",
                tick=("acknowledge_term_warning", "publication_consent", "confirm"),
                stay_means_refused=True,
            )
            while True:  # done: the dashboard now and then until the time is up
                self.client.get("/", name="dashboard")
                gevent.sleep(5)

    class Invitee(HttpUser):
        weight = invitees
        wait_time = constant_pacing(3)

        def on_start(self):
            if not token_queue:
                raise StopUser()
            self.token = token_queue.pop()

        @task
        def upload(self):
            path = f"/letters/invitation/{self.token}/"
            page = self.client.get(path, name="invitee page", catch_response=True)
            with page:
                if page.status_code == 410:  # the applicant submitted: the link is closed
                    page.success()
                    raise StopUser()
                if 'name="file"' not in page.text:  # this link's files are all used (quota)
                    raise StopUser()
            send(
                self.client,
                path,
                "file",
                "invitee upload",
                extra=SIGNATURE,
                files={"file": ("letter.pdf", pdf, "application/pdf")},
                thanks_page=True,
            )

    class Coordinator(HttpUser):
        weight = coordinators
        wait_time = constant_pacing(2)

        def on_start(self):
            sign_in(self.client, coordinator_queue.pop(), second_factor=True)

        @task(3)
        def ranking(self):
            self.client.get(
                f"/admin/reviews/rankedapplication/?call__id__exact={world['call']}", name="ranking"
            )

        @task(1)
        def desk(self):
            self.client.get("/admin/", name="coordinator's desk")

        @task(1)
        def export(self):
            self.client.get(
                f"/admin/reviews/rankedapplication/export.csv?call__id__exact={world['call']}",
                name="ranking export",
            )

    environment = Environment(user_classes=[Applicant, Invitee, Coordinator], host=portal.url)
    runner = environment.create_local_runner()
    users = applicants + min(invitees, len(world["tokens"])) + coordinators
    # Arrivals over the first seconds, not all in one instant: each sign-in costs a password
    # hash (PBKDF2), the most expensive request of the run.
    runner.start(users, spawn_rate=spawn_rate)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return environment.stats


def report(stats):
    for name, entry in sorted(stats.entries.items()):
        print(
            json.dumps(
                {
                    "bench": "deadline",
                    "kind": name[0],
                    "requests": entry.num_requests,
                    "errors": entry.num_failures,
                    "p50_ms": entry.get_response_time_percentile(0.5),
                    "p95_ms": entry.get_response_time_percentile(0.95),
                    "p99_ms": entry.get_response_time_percentile(0.99),
                }
            ),
            flush=True,
        )
    for error in stats.errors.values():
        print(json.dumps({"bench": "deadline_error", **error.to_dict()}), file=sys.stderr)


def wait_for_packets(timeout=60):
    from applications.enums import ApplicationStatus
    from applications.models import Application
    from packets.enums import PacketStatus
    from packets.models import Packet

    submitted = Application.objects.filter(status=ApplicationStatus.SUBMITTED)
    started = time.monotonic()
    while True:
        ready = (
            Packet.objects.filter(application__in=submitted, status=PacketStatus.READY)
            .values("application")
            .distinct()
            .count()
        )
        waited = time.monotonic() - started
        if ready >= submitted.count() or waited > timeout:
            return submitted.count(), ready, round(waited, 1)
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--invitees", type=int, default=10)
    parser.add_argument("--coordinators", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started a second")
    parser.add_argument(
        "--before",
        action="store_true",
        help="three synchronous gunicorn workers, packet workers not lowered (to compare)",
    )
    parser.add_argument(
        "--think", type=float, default=0.0, help="seconds an applicant spends on each section"
    )
    args = parser.parse_args()
    import locust  # noqa: F401 (first: gevent patches the standard library)

    sys.path.insert(0, str(REPO))
    portal = Portal().environment()
    try:
        import django

        django.setup()
        world = seed(args.applicants, args.invitees, args.coordinators)
        portal.serve(before=args.before)
        from benchmarks.machine import Watch

        watch = Watch(portal.parts())
        stats = run_load(
            portal,
            world,
            applicants=args.applicants,
            invitees=args.invitees,
            coordinators=args.coordinators,
            seconds=args.seconds,
            spawn_rate=args.spawn_rate,
            think=args.think,
        )
        figures = watch.report()
        report(stats)
        print(json.dumps({"bench": "deadline", **figures}), flush=True)
        submissions, ready, waited = wait_for_packets()
        print(
            json.dumps(
                {
                    "bench": "deadline",
                    "submissions": submissions,
                    "packets_ready": ready,
                    "packets_wait_s": waited,
                }
            ),
            flush=True,
        )
    finally:
        portal.stop()


if __name__ == "__main__":
    main()
