"""The deployment files name only things that exist, and the image keeps its promises."""

import contextlib
import importlib
import json
import os
import re
import runpy
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PORTAL = {name for name, service in SERVICES.items() if "build" in service}
DOCKERFILE = (ROOT / "Dockerfile").read_text()
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text()


def words(command) -> list[str]:
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if words[:2] == ["sh", "-c"]:
        return [word for part in words[2:] for word in shlex.split(part)]
    return words


def check_portal_command(command: list[str]) -> int:
    """Each program the command runs is checked against the code; returns how many."""
    checked = 0
    for index, word in enumerate(command):
        if word == "manage.py":
            assert command[index + 1] in get_commands(), command
            checked += 1
        elif re.fullmatch(r"[a-z_][\w.]*:[a-z_]\w*", word):
            module, attribute = word.split(":")
            assert hasattr(importlib.import_module(module), attribute), word
            checked += 1
        elif word == "-A" and command[0] == "celery":
            app = importlib.import_module(command[index + 1])
            assert hasattr(app, "celery_app") or hasattr(app, "app"), command
            checked += 1
    return checked


def test_every_portal_service_command_names_code_that_exists():
    assert {"web", "worker", "beat"} == PORTAL
    for name in PORTAL:
        command = words(SERVICES[name]["command"])
        assert check_portal_command(command) >= 1, f"{name}: nothing checked in {command}"


def test_web_serves_with_the_threaded_gunicorn_configuration():
    """Issue 15: a cheap request is served beside a slow one, not queued behind it."""
    command = words(SERVICES["web"]["command"])
    config = ROOT / command[command.index("--config") + 1]
    settings = runpy.run_path(str(config))
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] >= 2 and settings["workers"] >= 2
    assert settings["bind"] == "0.0.0.0:8000"  # where the proxy and the health check look
    assert settings["keepalive"] > 120  # longer than the proxy (Caddy) keeps idle connections
    image_command = json.loads(re.search(r"^CMD (.+)$", DOCKERFILE, re.M).group(1))
    assert image_command[image_command.index("--config") + 1] == config.name


def test_each_gunicorn_worker_starts_the_letter_checkers_fork_server():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    settings["post_worker_init"](worker=None)
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == os.getpid():
                children.append((stat.parent / "cmdline").read_bytes())
    assert any(
        b"multiprocessing.forkserver" in c and b"letters.sandbox_server" in c for c in children
    )


def test_packet_rendering_yields_the_cpu_to_the_web():
    """Issue 15: under load, the Celery worker's CPU weight is below the web's."""
    web_weight = SERVICES["web"].get("cpu_shares", 1024)  # Docker's default weight
    assert SERVICES["worker"]["cpu_shares"] < web_weight


def test_the_proxy_forwards_to_a_service_that_listens_there():
    proxy = SERVICES["proxy"]
    config = words(proxy["command"])[words(proxy["command"]).index("--config") + 1]
    assert f"./deploy/Caddyfile:{config}:ro" in proxy["volumes"]
    assert "reverse_proxy {$PORTAL_UPSTREAM" in CADDYFILE
    host, port = proxy["environment"]["PORTAL_UPSTREAM"].split(":")
    assert host in SERVICES and port in SERVICES[host].get("expose", [])


def test_the_proxy_caps_bodies_at_the_portals_limit_and_names_the_client():
    """Issue 18 items 1 and 3: the proxy's body cap is the portal's; the portal believes the
    one forwarded address the proxy sets."""
    from django.conf import settings

    default = re.search(r"max_size \{\$REQUEST_BODY_MAX_BYTES:(\d+)\}", CADDYFILE).group(1)
    compose_default = SERVICES["proxy"]["environment"]["REQUEST_BODY_MAX_BYTES"]
    assert int(default) == settings.LETTER_MAX_BYTES + 1024 * 1024
    assert compose_default == "${REQUEST_BODY_MAX_BYTES:-" + default + "}"
    for name in PORTAL:
        assert SERVICES[name]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_credentials_come_from_env_and_redis_has_a_password():
    """Issue 18 item 8: no password is written in docker-compose.yml."""
    text = (ROOT / "docker-compose.yml").read_text()
    assert "ogp:ogp@" not in text and "POSTGRES_PASSWORD: ogp" not in text
    for name in PORTAL:
        environment = SERVICES[name]["environment"]
        assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD:?")
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "--requirepass" in SERVICES["redis"]["command"]
    assert "REDISCLI_AUTH" in " ".join(SERVICES["redis"]["healthcheck"]["test"])
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^POSTGRES_PASSWORD=$", example, re.M)
    assert re.search(r"^REDIS_PASSWORD=$", example, re.M)


def test_the_image_runs_with_debug_off_unless_told():
    assert re.search(r"^ENV DEBUG=false$", DOCKERFILE, re.M)


def test_gunicorn_is_not_published_while_its_proxy_header_is_trusted():
    """10.5: only the proxy is reachable from outside when X-Forwarded-Proto is believed."""
    for name in PORTAL:
        service = SERVICES[name]
        if service["environment"].get("TRUST_PROXY_HEADERS") == "true":
            assert "ports" not in service, name
    assert {"80:80", "443:443"} <= set(SERVICES["proxy"]["ports"])


def test_health_checks_use_healthz():
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/healthz" in (ROOT / "Dockerfile").read_text()
    for name in PORTAL | {"db", "redis"}:
        if name != "beat":
            assert "healthcheck" in SERVICES[name], name


def test_the_image_runs_as_a_non_root_user_with_a_read_only_app_directory():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    # Files are copied as root and not handed to the portal user, except its private folder.
    assert "COPY --chown" not in dockerfile
    assert re.findall(r"chown -R portal (\S+)", dockerfile) == ["/app/var/private"]
    for name in PORTAL:
        assert SERVICES[name]["read_only"] is True


def test_env_example_lists_every_setting():
    settings_source = (ROOT / "ogp_portal" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    assert {"SECRET_KEY", "S3_BUCKET", "TRUST_PROXY_HEADERS"} <= read
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()


def test_the_package_includes_every_app():
    import tomllib

    from setuptools import find_packages

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = set(find_packages(str(ROOT), **config["packages"]["find"]))
    from django.conf import settings

    local_apps = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
    }
    assert {"calls", "publication", "accounts", "packets"} <= local_apps
    assert local_apps <= packages
    assert not any(package.startswith("tests") for package in packages)
