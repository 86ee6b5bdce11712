"""Set-up for the whole test suite.

When pytest starts, the session gets its own PostgreSQL cluster and Redis server
(``tests/services.py``), and Django and Celery are pointed at them before any test opens a
connection: the tests run on the database engine production uses, and never touch a developer's
data. Both servers are stopped, and their folders removed, when the session ends.

Fixtures defined here:

- ``celery_worker``: a real Celery worker, in a thread, consuming from the private Redis.
- ``browser`` / ``page``: headless Debian Chromium driven by Playwright; a test whose page
  reports a content-security-policy violation fails.
- ``object_store``: a SeaweedFS S3 server (session-wide, started on first use).
- ``identity_provider``: a real OpenID Connect provider (django-oidc-provider, tests/sso/),
  session-wide, started on first use; ``single_sign_on`` configures the portal for it.
- ``screenshot``: ``screenshot(page, "name")`` saves ``test-artifacts/screenshots/name.png``.

Tests under ``tests/browser/`` get the ``browser`` marker, tests using ``celery_worker`` the
``worker`` marker; ``-m "not browser"`` runs the quick part only. Browser tests run last.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.services import ObjectStoreServer, PostgresServer, RedisServer

REPO_ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    # Without these, Chromium keeps trying to reach Google's hosts, which this machine cannot.
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # /dev/shm is small in containers
]
BROWSER_TIMEOUT_MS = 10_000


@dataclass
class Services:
    postgres: PostgresServer
    redis: RedisServer
    connections_opened: Counter


services_key = pytest.StashKey[Services]()
phase_report_key = pytest.StashKey[dict]()


# --- Session set-up ---------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    """Start the private servers and point Django and Celery at them.

    pytest-django has already run ``django.setup()``, but no test has opened a connection yet.
    """
    if config.getoption("help") or config.getoption("version"):
        return
    _interrupt_on_sigterm()

    # Each cleanup is registered before its start, so a half-started server is cleaned up too.
    postgres = PostgresServer()
    config.add_cleanup(postgres.stop)
    postgres.start()
    redis = RedisServer()
    config.add_cleanup(redis.stop)
    redis.start()

    _use_database(postgres)
    _use_broker(redis.url)
    _use_test_settings(config)
    config.stash[services_key] = Services(postgres, redis, _count_connections())


def _interrupt_on_sigterm() -> None:
    """Let SIGTERM (a CI timeout, say) end the session like Ctrl-C does.

    pytest then still runs its cleanups and stops the servers; by default SIGTERM would kill
    the process outright and leave PostgreSQL and Redis running.
    """

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, interrupt)


def _use_database(postgres: PostgresServer) -> None:
    from django.db import connections

    database = settings.DATABASES["default"]
    # Changed in place: Django's connection handler holds this very dict, and pytest-django
    # later writes the test database's name ("test_ogp") into it. Threads that open their own
    # connections (the live server, the Celery worker) find the test database through it.
    database.update(
        ENGINE="django.db.backends.postgresql",
        NAME="ogp",
        USER=postgres.user,
        PASSWORD="",
        HOST="127.0.0.1",
        PORT=str(postgres.port),
        OPTIONS=dict(settings.POSTGRESQL_OPTIONS),  # as in production (no JIT)
        ATOMIC_REQUESTS=True,
        # Close after each request or task: no connection may outlive a test, or the test
        # database could not be flushed and dropped.
        CONN_MAX_AGE=0,
        CONN_HEALTH_CHECKS=False,
    )
    # Forget any connection object built for the previous settings (none is expected).
    for connection in connections.all(initialized_only=True):
        connection.close()
        del connections[connection.alias]


def _use_broker(url: str) -> None:
    from ogp_portal.celery import app

    # Celery reads these environment variables before its configuration: drop any leftovers.
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("CELERY_RESULT_BACKEND", None)
    # Tasks go through Redis as in production; a result backend (test session only) lets a
    # test wait for a task's result.
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    settings.CELERY_RESULT_BACKEND = url
    settings.CELERY_TASK_ALWAYS_EAGER = False


def _use_test_settings(config: pytest.Config) -> None:
    from django.core.files.storage import FileSystemStorage, storages

    _override("PASSWORD_HASHERS", ["django.contrib.auth.hashers.MD5PasswordHasher"])  # fast

    files = Path(tempfile.mkdtemp(prefix="ogp-test-files-"))
    config.add_cleanup(lambda: shutil.rmtree(files, ignore_errors=True))
    media, private = files / "media", files / "private"
    media.mkdir()
    private.mkdir()
    old_private = os.path.abspath(settings.PRIVATE_MEDIA_ROOT)

    # A FileField(storage=callable) calls it when its model class is built, during
    # django.setup(): such fields keep the storage object made then. Find those objects now
    # and point the ones on the private folder at the temporary one.
    built = set(storages._storages.values())
    for model in _all_models():
        built.update(f.storage for f in model._meta.get_fields() if hasattr(f, "storage"))

    settings.PRIVATE_MEDIA_ROOT = private
    settings.STORAGES["private"]["OPTIONS"]["location"] = private
    # Plain storage: no collectstatic manifest needed, whatever DEBUG the environment has.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    _override("STORAGES", settings.STORAGES)  # resets Django's cached storages
    _override("MEDIA_ROOT", str(media))

    for storage in built:
        if (
            isinstance(storage, FileSystemStorage)
            and storage._location is not None
            and os.path.abspath(storage._location) == old_private
        ):
            storage._location = str(private)
            # cached_property values computed from the old location
            storage.__dict__.pop("base_location", None)
            storage.__dict__.pop("location", None)


def _all_models():
    from django.apps import apps

    return apps.get_models()


def _override(name: str, value) -> None:
    """Change a setting and tell Django, as override_settings does, so caches are reset."""
    import django.test.signals  # noqa: F401  (connects Django's receivers, e.g. for STORAGES)
    from django.core.signals import setting_changed

    setattr(settings, name, value)
    setting_changed.send(sender=type(settings._wrapped), setting=name, value=value, enter=True)


def _count_connections() -> Counter:
    """Count database connections by engine, to show which engine the tests really used."""
    from django.db.backends.signals import connection_created

    opened = Counter()

    def count(sender, connection, **kwargs):
        opened[connection.vendor] += 1

    connection_created.connect(count, weak=False)
    return opened


# --- Reporting --------------------------------------------------------------------------------


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    services = config.stash.get(services_key, None)
    if services is None:
        return None
    postgres, redis = services.postgres, services.redis
    return [
        f"database: PostgreSQL {postgres.version} on 127.0.0.1:{postgres.port} "
        "(private test cluster)",
        f"broker: Redis {redis.version} on 127.0.0.1:{redis.port}",
    ]


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    services = config.stash.get(services_key, None)
    if services is None:
        return
    from django.db import connection

    terminalreporter.write_sep("-", "infrastructure")
    terminalreporter.write_line(f"database engine used: {connection.vendor}")
    opened = ", ".join(f"{n} {vendor}" for vendor, n in services.connections_opened.items())
    terminalreporter.write_line(f"database connections opened: {opened or 'none'}")


# --- Collection -------------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if "celery_worker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.worker)
    # Browser tests last (a stable sort keeps the order otherwise): the quick tests report
    # first, and they run before the browser fixture turns off Django's async-safety check.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    # Keep each phase's report on the item, so that ``page`` knows whether its test failed.
    report = yield
    item.stash.setdefault(phase_report_key, {})[report.when] = report
    return report


# --- Celery -----------------------------------------------------------------------------------


def _leave_logging_alone(**kwargs) -> None:
    """A receiver for Celery's setup_logging: its presence stops Celery from reconfiguring the
    root logger (level and handlers) when a worker starts, which would upset pytest's capture."""


@pytest.fixture
def celery_worker(transactional_db):
    """A Celery worker consuming from the session's Redis, in a thread of the test process.

    It needs ``transactional_db`` (requested here, so tests get it with this fixture): the
    worker thread opens its own database connection to the test database, so it sees only
    data that was committed, and the ``db`` fixture's wrapping transaction would hide the
    test's rows from it. Tasks queued before the worker starts are purged.

    Mail sent by tasks lands in ``django.core.mail.outbox`` as usual (same process).
    """
    from celery.contrib.testing.worker import start_worker
    from celery.signals import setup_logging

    from ogp_portal.celery import app

    app.loader.import_default_modules()  # import every app's tasks.py, so tasks are registered
    setup_logging.connect(_leave_logging_alone, weak=False)
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


# --- Object storage ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def object_store(request):
    """A real S3-compatible server (SeaweedFS) for the session, started only when a test asks
    for it (a few seconds), so that the other tests do not wait for it."""
    server = ObjectStoreServer()
    request.addfinalizer(server.stop)
    return server.start()


# --- Single sign-on ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def identity_provider(request, live_server):
    """The test OpenID Connect provider (tests/sso/), for the session, started only when a test
    asks for it (a few seconds). Its clients send people back to the test client's host and to
    the live server."""
    from tests.sso import identities
    from tests.sso.server import IdentityProviderServer

    server = IdentityProviderServer(
        clients=identities.clients(["http://testserver", live_server.url]),
        users=identities.USERS,
    )
    request.addfinalizer(server.stop)
    return server.start()


@pytest.fixture
def single_sign_on(settings, identity_provider):
    """The portal configured with the test identity provider (``tests.sso.identities``)."""
    import copy

    from accounts.identity_providers import provider_apps, provider_origins
    from tests.sso import identities

    providers = identities.portal_settings(identity_provider.server_url)
    settings.OIDC_PROVIDERS = providers
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": provider_apps(providers)}}
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = ["'self'", *provider_origins(providers)]
    settings.CONTENT_SECURITY_POLICY = policy
    return identity_provider


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (Playwright cannot download its own browser here)."""
    from playwright.sync_api import expect, sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio event loop in the main thread, so Django's
        # guard against blocking calls inside a running loop would refuse the tests' queries.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        expect.set_options(timeout=BROWSER_TIMEOUT_MS)
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh page (own cookies) at 1280x900, English; saved as failed-<test>.png on failure."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    # Every page the test opens reports content-security-policy violations (the browser's own
    # console message, and the securitypolicyviolation event): the test fails on any.
    context.add_init_script(CSP_LISTENER)
    violations: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text or CSP_MARK in message.text:
            if getattr(message.page, "axe_running", False) and _caused_by_axe(message.text):
                return
            violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    context.on("console", on_console)
    page = context.new_page()
    page.csp_violations = violations
    yield page
    report = request.node.stash.get(phase_report_key, {}).get("call")
    if report is not None and report.failed:
        # Best effort: a page that cannot be captured must not hide the test's own failure.
        with contextlib.suppress(Exception):
            save_screenshot(page, "failed-" + re.sub(r"[^\w.-]+", "-", request.node.name))
    context.close()
    if violations and report is not None and report.passed:
        pytest.fail("Content security policy violations:\n" + "\n".join(violations))


CSP_MARK = "csp-violation:"


def _caused_by_axe(text):
    """axe-core (tests/browser/axe.py) runs as code evaluated in the page, with no source file.
    Following a stylesheet's @import (the admin's forms.css imports widgets.css), its CSS
    preload adds <style> elements, which the policy rightly refuses: the test's doing, not the
    page's. A violation from the page's own scripts or markup names its file (or the page)."""
    return text.startswith("Applying inline style violates") or text.startswith(
        f"{CSP_MARK} style-src-elem blocked inline in :"
    )


CSP_LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error("{CSP_MARK} " + event.violatedDirective + " blocked " + event.blockedURI
    + " in " + event.sourceFile + ":" + event.lineNumber);
}});
"""


def save_screenshot(page, name: str) -> Path:
    """Save the whole page as test-artifacts/screenshots/<name>.png and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def screenshot():
    """``screenshot(page, "name")``: see ``save_screenshot``."""
    return save_screenshot


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """A request as a Spanish user leaves Spanish active in this thread: restore the default.

    Django activates a language per request and never deactivates it, so without this the
    tests that run next (which read English) would get Spanish messages.
    """
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits (allauth's sign-in limits) and used TOTP codes live in the cache: each test
    starts with none, so one test's wrong passwords do not lock the next test out."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the second factor that staff need for the desk."""
    from tests.factories import enrol_totp

    return enrol_totp(admin_user)


@pytest.fixture
def admin_client(client, admin_user):
    """A client signed in as pytest-django's superuser as the portal signs staff in: with the
    code (staff rights hold only in a session that gave it, docs/staff-sessions.md)."""
    from tests.factories import pass_second_factor

    client.force_login(admin_user)
    return pass_second_factor(client, admin_user)
