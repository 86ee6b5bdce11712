"""Bad input on the desk gets a refusal in words, never a server error; the "view on site"
shortcut tells no one what they may not see; the reviewer's country form keeps the
same-country rule (issue 10, items 1, 6, 7 and 12)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from applications.enums import EditorRole
from applications.models import Application, ApplicationEditor
from reviews.models import Assignment, Reviewer
from tests.desk.test_admin import APPLICATIONS, RANKING
from tests.factories import ApplicationFactory, login
from tests.reviews.factories import (
    call_with_criteria,
    make_coordinator,
    make_reviewer,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def test_moving_a_draft_to_due_diligence_is_refused_in_words(client):
    coordinator = make_coordinator()
    call = call_with_criteria()
    draft = ApplicationFactory(call=call)
    submitted = submitted_application(call=call)
    login(client, coordinator)

    response = client.post(
        APPLICATIONS,
        {"action": "move_to_due_diligence", "_selected_action": [draft.pk, submitted.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert f"{draft.reference} has not been submitted" in response.text
    assert "1 applications moved to Due diligence" in response.text
    assert not hasattr(Application.objects.get(pk=draft.pk), "candidacy")


@pytest.mark.parametrize("value", ["abc", "1;DROP", "", "99999999999999999999", "-1"])
def test_a_malformed_call_filter_on_the_ranking_is_no_server_error(client, value):
    call = call_with_criteria()
    submitted_application(call=call)
    login(client, make_coordinator())

    page = client.get(RANKING, {"call__id__exact": value}, follow=True)
    export = client.get(f"{RANKING}export.csv", {"call__id__exact": value})

    assert page.status_code == 200
    assert "That call does not exist: showing the latest call." in page.text
    assert page.redirect_chain[-1][0].endswith(f"call__id__exact={call.pk}")
    assert export.status_code == 400
    assert "The call filter names no call" in export.content.decode()


def test_the_assignment_action_never_assigns_an_editor_of_the_application(client):
    coordinator = make_coordinator()
    call = call_with_criteria()
    application = submitted_application(call=call, country="CL")
    insider, outsider = make_reviewer("KE"), make_reviewer("FR")
    ApplicationEditor.objects.create(application=application, user=insider, role=EditorRole.EDITOR)
    login(client, coordinator)

    response = client.post(
        APPLICATIONS,
        {
            "action": "assign_reviewers_evenly",
            "_selected_action": [application.pk],
            "apply": "1",
            "per_application": "2",
            "reviewers": [insider.pk, outsider.pk],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert list(Assignment.objects.values_list("reviewer", flat=True)) == [outsider.pk]
    assert f"{application.reference} is short of 1 reviewers" in response.text


def test_the_reviewer_form_refuses_the_country_of_an_assigned_application(client):
    coordinator = make_coordinator()
    application = submitted_application(country="CL")
    reviewer = make_reviewer("KE")
    Assignment.objects.create(application=application, reviewer=reviewer, assigned_by=coordinator)
    profile = Reviewer.objects.get(user=reviewer)
    login(client, coordinator)
    url = f"/admin/reviews/reviewer/{profile.pk}/change/"

    response = client.post(url, {"country": "CL", "available": "on"})

    assert response.status_code == 200
    assert application.reference in response.text
    assert str(Reviewer.objects.get(pk=profile.pk).country) == "KE"
    assert client.post(url, {"country": "PE", "available": "on"}).status_code == 302
    assert str(Reviewer.objects.get(pk=profile.pk).country) == "PE"


def test_view_on_site_tells_a_reviewer_nothing_of_an_application_they_may_not_read(client):
    application = submitted_application(country="CL")
    content_type = ContentType.objects.get_for_model(Application)
    url = f"/admin/r/{content_type.pk}/{application.pk}/"
    login(client, make_reviewer("KE"))

    response = client.get(url)

    assert response.status_code == 404
    assert application.reference not in response.get("Location", "")
    assert application.reference not in response.content.decode()
    assert client.get(f"/admin/r/999999/{application.pk}/").status_code == 404
    login(client, make_coordinator())
    assert client.get(url)["Location"].endswith(application.get_absolute_url())
