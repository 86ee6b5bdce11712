"""The letter sandbox's child holds no secret and reaches nothing but its pipe (issue 18,
item 5; letters/confinement.py). Each probe in tests/letters/faulty.py stands for a parser
taken over by the file, and reports what it found through the refusal it sends back."""

import json
import multiprocessing.forkserver
import os
import socket

import pytest
from django.conf import settings

from letters import confinement, sandbox
from letters.validation import LetterRefused
from tests.letters import faulty

SECRET = "s3cr3t-f0r-the-sandb0x-test"
SECRET_ENVIRONMENT = {
    "SECRET_KEY": SECRET,
    "DATABASE_URL": f"postgres://portal:{SECRET}@127.0.0.1:5432/ogp",
    "EMAIL_HOST_PASSWORD": SECRET,
    "S3_SECRET_ACCESS_KEY": SECRET,
}


def probe(judge, data: bytes) -> dict:
    with pytest.raises(LetterRefused) as report:
        sandbox.inspect_letter_isolated(data, judge=judge)
    assert report.value.code == "report", report.value.message
    return json.loads(report.value.message)


@pytest.fixture
def server_started_with_secrets():
    """A fork server started by a web process whose environment holds the secrets, as in
    production; the next test gets a fresh server without them."""
    server = multiprocessing.forkserver._forkserver
    server._stop()
    saved = {name: os.environ.get(name) for name in SECRET_ENVIRONMENT}
    os.environ.update(SECRET_ENVIRONMENT)
    try:
        sandbox.start_server()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name)
            else:
                os.environ[name] = value
    yield
    server._stop()


def test_the_child_sees_no_secret_in_its_environment_or_settings(server_started_with_secrets):
    found = probe(faulty.report_secrets, SECRET.encode())

    assert found["environ"] == {}
    assert found["posix_environ"] == 0
    assert found["initial_environ_has_it"] is False  # /proc/self/environ
    assert found["settings_have_it"] is False
    assert found["secret_key"] == confinement.NO_SECRET_KEY


def test_no_live_object_in_the_child_holds_a_secret(server_started_with_secrets):
    """What is left is in freed memory, which is not wiped: docs/deployment.md says so (the
    count printed here was 3 copies of the secret when this test was written)."""
    found = probe(faulty.report_memory, SECRET.encode().hex().encode())

    assert found["holders"] == []
    left = found["found"] - 2  # the probe's own needle, as bytes and as text
    print(f"copies of the secret left in the child's freed memory: {left}")


def test_the_child_holds_only_its_pipe_and_stdio():
    found = probe(faulty.report_descriptors, b"")

    assert len(found["descriptors"]) == 4  # stdin, stdout, stderr and the pipe
    assert found["descriptors"][:3] == [0, 1, 2]
    assert found["null"] == [True, True]  # stdin and stdout are /dev/null


def test_the_child_cannot_reach_the_database_port():
    port = int(settings.DATABASES["default"]["PORT"])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # this process can

    found = probe(faulty.report_connection, f"127.0.0.1:{port}".encode())

    assert found["connected"] is False
    assert "Permission denied" in found["error"]


def test_the_web_process_reads_only_json_from_the_child(tmp_path):
    """A child taken over writes a pickle to its pipe; unpickled, it would run code in the web
    process (here: make a directory). It is refused as unreadable, and nothing runs."""
    planted = tmp_path / "planted"

    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(str(planted).encode(), judge=faulty.send_pickle)

    assert refused.value.code == "could_not_check"
    assert not planted.exists()
