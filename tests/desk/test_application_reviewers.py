"""A coordinator assigns and removes reviewers on the application's page, each with a small
form of its own (desk.admin.application_reviewers): the review domain's rules refuse with their
reason, a submitted review keeps its reviewer, a draft goes only after a confirmation, and each
change is in the application's history. Reviewers see none of it."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import get_messages

from reviews import domain
from reviews.models import Assignment, Review
from tests.desk.test_admin import APPLICATIONS, desk  # noqa: F401 (a fixture)
from tests.factories import login
from tests.reviews.factories import make_reviewer, submit_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(desk):  # noqa: F811
    """The desk's scene: Renca (Chile) in committee review, one reviewer assigned."""
    application, assignment = desk["assigned"], desk["assignment"]
    return desk | {
        "application": application,
        "page": f"{APPLICATIONS}{application.pk}/change/",
        "assign": f"{APPLICATIONS}{application.pk}/reviewers/assign/",
        "remove": f"{APPLICATIONS}{application.pk}/reviewers/{assignment.pk}/remove/",
    }


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _history(application):
    return [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(object_id=str(application.pk), action_flag=CHANGE)
    ]


def test_the_page_lists_the_reviewers_with_a_search_box_to_add_one(client, scene):
    login(client, scene["coordinator"])
    page = client.get(scene["page"])
    assert page.status_code == 200
    section = page.text[page.text.index('id="reviewers-panel"') :]
    assert str(scene["reviewer"]) in section
    assert "Not started" in section
    assert f'href="{scene["remove"]}"' in section
    assert f'action="{scene["assign"]}"' in section
    assert "admin-autocomplete" in section
    # The reviewer's forms are not inside the form of the contact details.
    contact_form = page.text[page.text.index('id="application_form"') :]
    assert "reviewers-panel" not in contact_form[: contact_form.index("</form>")]


def test_a_coordinator_assigns_a_reviewer(client, scene):
    other = make_reviewer("FR", full_name="Otto Other")
    login(client, scene["coordinator"])
    response = client.post(scene["assign"], {"reviewer": other.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{scene['page']}#reviewers-panel"
    added = scene["application"].assignments.get(reviewer=other)
    assert added.assigned_by == scene["coordinator"]
    assert _messages(response) == [f"{other} now reviews {scene['application'].reference}."]
    assert _history(scene["application"]) == [f"Added assignment “{added}”."]


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("same_country", "is from Chile, the applicant's own country."),
        ("assigned", "is already assigned to"),
        ("nobody", "Choose a reviewer to assign."),
    ],
)
def test_an_assignment_the_rules_refuse_says_why_and_changes_nothing(client, scene, who, reason):
    reviewer = {
        "same_country": lambda: make_reviewer("CL"),
        "assigned": lambda: scene["reviewer"],
        "nobody": lambda: None,
    }[who]()
    login(client, scene["coordinator"])
    response = client.post(scene["assign"], {"reviewer": reviewer.pk if reviewer else ""})
    assert response.status_code == 302
    assert [message for message in _messages(response) if reason in message]
    assert scene["application"].assignments.count() == 1
    assert _history(scene["application"]) == []


def test_removing_a_reviewer_asks_first_and_says_a_draft_goes_with_them(client, scene):
    domain.save_review(
        assignment=scene["assignment"], by=scene["reviewer"], scores={}, summary="Half done."
    )
    login(client, scene["coordinator"])
    confirm = client.get(scene["remove"])
    assert confirm.status_code == 200
    assert f"Remove {scene['reviewer']} from the reviewers of" in confirm.text
    assert "Their draft review and its scores will be deleted." in confirm.text
    assert Assignment.objects.filter(pk=scene["assignment"].pk).exists()

    response = client.post(scene["remove"])
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=scene["assignment"].pk).exists()
    assert not Review.objects.filter(assignment_id=scene["assignment"].pk).exists()
    assert _history(scene["application"]) == [f"Deleted assignment “{scene['assignment']}”."]


def test_a_submitted_review_keeps_its_reviewer(client, scene):
    submit_scores(scene["assignment"], 4)
    login(client, scene["coordinator"])
    page = client.get(scene["page"])
    assert f'href="{scene["remove"]}"' not in page.text
    confirm = client.get(scene["remove"])
    assert "the assignment stays" in confirm.text
    assert "Yes, remove the reviewer" not in confirm.text
    refused = client.post(scene["remove"])
    assert refused.status_code == 302
    assert any("has submitted a review" in message for message in _messages(refused))
    assert Assignment.objects.filter(pk=scene["assignment"].pk).exists()


def test_an_assignment_of_another_application_is_not_found_here(client, scene):
    other = scene["unassigned"]
    login(client, scene["coordinator"])
    url = f"{APPLICATIONS}{other.pk}/reviewers/{scene['assignment'].pk}/remove/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(f"{APPLICATIONS}{other.pk}/reviewers/x/remove/").status_code == 404
    assert Assignment.objects.filter(pk=scene["assignment"].pk).exists()


def test_assigning_is_a_post(client, scene):
    login(client, scene["coordinator"])
    assert client.get(scene["assign"]).status_code == 405


def test_reviewers_neither_see_nor_change_the_assignments(client, scene):
    other = make_reviewer("FR", full_name="Otto Other")
    login(client, scene["reviewer"])
    page = client.get(scene["page"])
    assert page.status_code == 200
    assert "reviewers-panel" not in page.text
    assert client.post(scene["assign"], {"reviewer": other.pk}).status_code == 403
    assert client.get(scene["remove"]).status_code == 403
    assert client.post(scene["remove"]).status_code == 403
    assert scene["application"].assignments.count() == 1

    login(client, other)  # not assigned: the application is not theirs to see
    assert client.post(scene["assign"], {"reviewer": other.pk}).status_code == 404
    assert client.post(scene["remove"]).status_code == 404
    assert scene["application"].assignments.count() == 1


def test_a_contact_detail_refused_keeps_what_was_typed_and_the_page_whole(client, scene):
    """The page's one form: a wrong e-mail comes back with its error, the other fields as
    typed, and the rest of the page (the reviewers) still drawn; nothing saved."""
    login(client, scene["coordinator"])
    application = scene["application"]
    before = application.contact_email
    page = client.post(
        scene["page"],
        {
            "lead_office": "Oficina de Gobierno Abierto",
            "contact_name": "Camila Soto",
            "contact_position": "Directora",
            "contact_email": "not an address",
            "language": "es",
            "_save": "Save",
        },
    )
    assert page.status_code == 200
    assert "Please correct the error below." in page.text
    assert "Enter a valid email address." in page.text
    assert 'value="Camila Soto"' in page.text
    assert 'id="reviewers-panel"' in page.text and str(scene["reviewer"]) in page.text
    application.refresh_from_db()
    assert application.contact_email == before and application.contact_name != "Camila Soto"


def test_a_coordinator_corrects_a_contact_detail(client, scene):
    login(client, scene["coordinator"])
    application = scene["application"]
    response = client.post(
        scene["page"],
        {
            "lead_office": application.lead_office,
            "contact_name": "Camila Soto",
            "contact_position": application.contact_position,
            "contact_email": "camila@example.org",
            "language": application.language,
            "_continue": "Save and continue editing",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.contact_name, application.contact_email) == (
        "Camila Soto",
        "camila@example.org",
    )
