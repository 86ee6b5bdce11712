"""Settings come from the environment; production refuses the development secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "ogp_portal.settings", **environment}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_development_secret_key():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL="sqlite:////tmp/x.db")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_laptop_defaults_are_sqlite_and_eager_tasks():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_broker():
    result = load_settings(
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/ogp", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_postgresql_connections_persist_per_thread_and_are_checked_before_reuse():
    """Issue 15: with threaded gunicorn workers each thread keeps its own connection between
    requests; one PostgreSQL dropped meanwhile is replaced, not used."""
    env = {key: value for key, value in os.environ.items() if key not in {"CONN_MAX_AGE"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "ogp_portal.settings",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/ogp",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " db = settings.DATABASES['default'];"
            " print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'], db['ATOMIC_REQUESTS'],"
            " repr(db['OPTIONS']['options']))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True", "True", "'-c", "jit=off'"]


def test_production_refuses_the_console_mail_backend_unless_allowed():
    """Issue 18 item 8: the console prints invitation links and reset keys into the logs."""
    console = "django.core.mail.backends.console.EmailBackend"
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:////tmp/x.db"}
    refused = load_settings(**production, EMAIL_BACKEND=console)
    assert refused.returncode != 0
    assert "EMAIL_BACKEND is the console with DEBUG off" in refused.stderr
    allowed = load_settings(**production, EMAIL_BACKEND=console, EMAIL_CONSOLE_ALLOWED="true")
    assert allowed.returncode == 0, allowed.stderr


def test_production_sends_mail_by_smtp_by_default_and_a_laptop_prints_it():
    show = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:////tmp/x.db"}
    for environment, backend in [(production, "smtp"), ({}, "console")]:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
        env.pop("EMAIL_BACKEND", None)
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {show}"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "ogp_portal.settings", **environment},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"django.core.mail.backends.{backend}.EmailBackend"
