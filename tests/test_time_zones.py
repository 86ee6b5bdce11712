"""Every time shown says its time zone: templates format moments through ``with_time_zone``
(calls/formatting.py), never with a bare date-time format."""

import re
from pathlib import Path

import pytest

from applications.domain import record_event
from applications.enums import EventKind
from tests.factories import ApplicationFactory, login

ROOT = Path(__file__).resolve().parent.parent
# A moment formatted with a date-time format by Django's date filter, without the "T" (zone)
# format right after it in the same tag (the e-mails' "{{ when }} {{ zone }}" pattern).
BARE_MOMENT = re.compile(r'\|date:"(SHORT_)?DATETIME_FORMAT"')


def templates():
    for folder in ("templates", "members/templates", "applications/templates"):
        yield from (ROOT / folder).rglob("*.html")
        yield from (ROOT / folder).rglob("*.txt")


def test_no_template_shows_a_moment_without_its_time_zone():
    bare = []
    for path in templates():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in BARE_MOMENT.finditer(line):
                if '|date:"T"' not in line[match.end() :]:
                    bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert bare == []


@pytest.mark.django_db
def test_the_applicants_history_says_the_time_zone(client):
    application = ApplicationFactory()
    record_event(application=application, kind=EventKind.CREATED, actor=application.owner_user)
    login(client, application.owner_user)
    html = client.get(f"/applications/{application.reference}/").content.decode()
    assert re.search(r'<li class="mb-1">[^<]*\d{2}:\d{2} UTC · Application created', html)
