"""The read-only sections of an application's desk page (desk.admin.application_panels): what
each shows, to whom, and the links only for those who may follow them."""

import datetime

import pytest

from tests.desk.test_admin import APPLICATIONS, desk  # noqa: F401 (a fixture)
from tests.factories import login

pytestmark = pytest.mark.django_db


def _page(client, user, application):
    login(client, user)
    response = client.get(f"{APPLICATIONS}{application.pk}/change/")
    assert response.status_code == 200
    return response


def test_the_coordinator_sees_every_section_with_links(client, desk):  # noqa: F811
    application = desk["assigned"]
    page = _page(client, desk["coordinator"], application)
    names = [panel.name for panel in page.context["panels_before"] + page.context["panels_after"]]
    assert names == [
        "letters",
        "partners",
        "answers",
        "editors",
        "change_requests",
        "extensions",
        "events",
    ]
    html = page.text
    partner = application.partners.select_related("organisation").first()
    assert f'/admin/applications/organisation/{partner.organisation_id}/change/"' in html
    assert "/admin/calls/question/" in html  # each question links to its page
    owner = application.editors.get().user
    assert f'/admin/accounts/user/{owner.pk}/change/">{owner}</a>' in html
    # The history in the reader's language, from each event's kind and data.
    assert "Submitted → Under review" in html


def test_a_reviewer_sees_the_applicants_content_without_staff_links(client, desk):  # noqa: F811
    application = desk["assigned"]
    page = _page(client, desk["reviewer"], application)
    names = [panel.name for panel in page.context["panels_before"] + page.context["panels_after"]]
    assert names == ["letters", "partners", "answers"]
    assert page.context["inline_admin_formsets"] == []
    html = page.text
    partner = application.partners.first()
    # Pages a reviewer may not open are not linked from the sections.
    assert f"/admin/applications/organisation/{partner.organisation_id}/change/" not in html
    assert "/admin/calls/question/" not in html
    assert "Fundación Tribu" in html
    letter = application.letters.first()
    assert f"/applications/{application.reference}/letters/{letter.pk}/" in html


def test_a_letter_dated_outside_the_call_is_flagged_for_reviewers(client, desk):  # noqa: F811
    application = desk["assigned"]
    application.letters.filter(author_organisation="Fundación Tribu").update(
        signed_on=datetime.date(2001, 1, 1)
    )
    page = _page(client, desk["reviewer"], application)
    (letters,) = [panel for panel in page.context["panels_before"] if panel.name == "letters"]
    flagged = [letter for letter in letters.rows if letter.warnings]
    assert [letter.author_organisation for letter in flagged] == ["Fundación Tribu"]
    assert "outside the call&#x27;s window" in page.text
