"""The monitoring pages through the test client: the monitor writes and files, the member's
editor comments and cannot write, the desk invites (refusing an editor) and publishes, the
public reads in its language; list pages keep a fixed number of queries."""

import pytest
from django.core import mail
from django.urls import reverse

from monitoring.enums import AssessmentStatus
from monitoring.models import EndOfCommitmentAssessment, InceptionAssessment, MonitorInvitation
from tests.factories import UserFactory, login
from tests.members.factories import editor_of, published_plan, quick_member
from tests.monitoring.factories import (
    END_OF_COMMITMENT_ANSWERS,
    end_of_commitment,
    inception,
    monitor_of,
    published,
)
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    coordinator = make_coordinator()
    member = quick_member(name="La Paz, Bolivia", editors=[UserFactory()])
    monitor = monitor_of(member, coordinator, body_name="Observatorio Ciudadano")
    plan = published_plan(member, coordinator, commitments=2)
    return {
        "coordinator": coordinator,
        "member": member,
        "monitor": monitor,
        "editor": editor_of(member),
        "plan": plan,
        "commitment": plan.commitments.order_by("position").first(),
    }


def form_data(answers, *, evidence=()):
    data = {
        key: ("True" if value is True else "False" if value is False else value)
        for key, value in answers.items()
    }
    data.update(
        {
            "evidence-TOTAL_FORMS": str(max(len(evidence), 1)),
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "30",
        }
    )
    for number, (label, url) in enumerate(evidence):
        data[f"evidence-{number}-label"] = label
        data[f"evidence-{number}-url"] = url
    return data


def test_the_monitor_writes_and_files_an_end_of_commitment_assessment(client, world):
    client.force_login(world["monitor"])
    url = reverse("monitoring:end_of_commitment_edit", args=[world["commitment"].pk])
    answers = {**END_OF_COMMITMENT_ANSWERS, "access_to_information_degree": ""}
    response = client.post(url, form_data(answers))
    assert response.status_code == 200  # a yes without its degree is refused, nothing lost
    page = response.content.decode()
    assert "Give the degree of the result." in page
    assert "Fourteen university teams took part." in page
    assert not EndOfCommitmentAssessment.objects.exists()
    response = client.post(
        url,
        form_data(END_OF_COMMITMENT_ANSWERS, evidence=[("Recap", "https://example.org/recap")]),
    )
    assessment = EndOfCommitmentAssessment.objects.get()
    assert response["Location"] == reverse(
        "monitoring:assessment_workspace", args=["end-of-commitment", assessment.pk]
    )
    assert assessment.evidence.get().url == "https://example.org/recap"
    client.post(reverse("monitoring:assessment_file", args=["end-of-commitment", assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FILED
    assert client.get(url).status_code == 302  # filed: no longer written


def test_the_editor_comments_but_cannot_write_or_file(client, world):
    assessment = inception(world["plan"], world["monitor"])
    client.force_login(world["editor"])
    workspace = reverse("monitoring:assessment_workspace", args=["inception", assessment.pk])
    page = client.get(workspace).content.decode()
    assert "Comment on the draft" in page
    assert "Edit the assessment" not in page
    response = client.post(
        reverse("monitoring:assessment_comment", args=["inception", assessment.pk]),
        {"comment": "The forum met seven times, not six."},
    )
    assert response.status_code == 302
    assert assessment.events.filter(kind="commented").get().actor == world["editor"]
    edit = reverse("monitoring:inception_edit", args=[world["plan"].pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"evaluator_name": "Me"}).status_code == 404
    file = reverse("monitoring:assessment_file", args=["inception", assessment.pk])
    assert client.post(file).status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.evaluator_name == "Milenka Villegas"
    # The monitor sees the comment.
    client.force_login(world["monitor"])
    assert "The forum met seven times, not six." in client.get(workspace).content.decode()


def test_a_monitor_of_another_member_sees_nothing(client, world):
    stranger = monitor_of(quick_member(editors=[UserFactory()]), world["coordinator"])
    assessment = inception(world["plan"], world["monitor"])
    client.force_login(stranger)
    for url in (
        reverse("monitoring:member", args=[world["member"].pk]),
        reverse("monitoring:inception_edit", args=[world["plan"].pk]),
        reverse("monitoring:assessment_workspace", args=["inception", assessment.pk]),
        reverse("monitoring:assessment", args=[world["member"].pk, "inception", assessment.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    ("language", "heading", "question"),
    [
        ("en", "Inception assessment:", "Did a multi-stakeholder forum"),
        ("es", "Evaluación inicial:", "¿Un foro multiactor"),
    ],
)
def test_the_public_reads_published_assessments_in_its_language(
    client, world, language, heading, question
):
    published(inception(world["plan"], world["monitor"]), world["monitor"], world["coordinator"])
    page = client.get(
        reverse("members:member", args=[world["member"].pk]),
        headers={"accept-language": language},
    ).content.decode()
    assert "Observatorio Ciudadano" in page
    assessment = InceptionAssessment.objects.get()
    assert assessment.get_absolute_url() in page
    detail = client.get(
        assessment.get_absolute_url(), headers={"accept-language": language}
    ).content.decode()
    assert heading in detail
    assert question in detail
    assert "Milenka Villegas" in detail


def test_the_desk_refuses_to_invite_an_editor_and_invites_anyone_else(
    client, world, django_capture_on_commit_callbacks
):
    login(client, world["coordinator"])
    body = world["member"].monitoring_body
    url = reverse("admin:monitoring_monitoringbody_change", args=[body.pk])
    data = {
        "name": body.name,
        "website": "",
        "invite": world["editor"].email,
        **{
            f"{prefix}-{key}": value
            for prefix in ("monitors", "invitations")
            for key, value in {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            }.items()
        },
    }
    response = client.post(url, data)
    assert response.status_code == 200, response.get("Location")
    assert "nobody can be both its editor and its monitor" in response.content.decode()
    before = MonitorInvitation.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "invite": "rosa@observatorio.example.org"})
    assert response.status_code == 302
    assert MonitorInvitation.objects.count() == before + 1
    assert mail.outbox[-1].to == ["rosa@observatorio.example.org"]


def test_pages_do_not_grow_with_assessments(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url, user=None):
        if user:
            login(client, user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    member_page = reverse("members:member", args=[world["member"].pk])
    workspace = reverse("members:member_workspace", args=[world["member"].pk])
    monitor_page = reverse("monitoring:member", args=[world["member"].pk])
    first, second = world["plan"].commitments.order_by("position")
    published(end_of_commitment(first, world["monitor"]), world["monitor"], world["coordinator"])
    small = (
        count(member_page),
        count(workspace, world["editor"]),
        count(monitor_page, world["monitor"]),
    )
    published(end_of_commitment(second, world["monitor"]), world["monitor"], world["coordinator"])
    published(inception(world["plan"], world["monitor"]), world["monitor"], world["coordinator"])
    client.logout()
    large = (
        count(member_page),
        count(workspace, world["editor"]),
        count(monitor_page, world["monitor"]),
    )
    assert small == large


def test_list_pages_do_not_grow_with_members(client, world):
    """The desk's process status and the monitors' list: one member, then three more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = []
        for user, url in (
            (world["coordinator"], "/admin/monitoring/memberprocess/"),
            (world["coordinator"], "/admin/monitoring/monitoringbody/"),
            (world["coordinator"], "/admin/monitoring/endofcommitmentassessment/"),
            (world["monitor"], reverse("monitoring:workspace")),
        ):
            login(client, user) if user == world["coordinator"] else client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    small = counts()
    for number in range(3):
        member = quick_member(editors=[UserFactory()])
        plan = published_plan(member, world["coordinator"])
        body = monitor_of(member, world["coordinator"], body_name=f"Body {number}")
        end_of_commitment(plan.commitments.first(), body)
        from monitoring.models import Monitor, MonitoringBody

        Monitor.objects.create(
            body=MonitoringBody.objects.get(member=member), user=world["monitor"]
        )
    assert counts() == small
