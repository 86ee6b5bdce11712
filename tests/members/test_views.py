"""Every members URL as anonymous, another member's editor, the member's own editor and a
coordinator; the public pages show published things only; query counts stay flat."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import domain
from members.enums import Status
from members.models import ActionPlan, EndOfCommitmentReport
from tests.factories import login
from tests.members.factories import (
    admitted_member,
    draft_plan,
    draft_report,
    editor_of,
    published_plan,
    published_report,
    quick_member,
)
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_editor", "own_editor", "coordinator"]


@pytest.fixture
def world():
    coordinator = make_coordinator(email="coordinator@ogp.example.org")
    member = admitted_member(coordinator=coordinator, name="Municipality of Renca")
    other = admitted_member(coordinator=coordinator, name="Municipality of Lima", country="PE")
    draft = draft_plan(member)
    draft.title = "Secret draft plan"
    draft.save(update_fields=["title"])
    ActionPlan.objects.filter(pk=draft.pk).update(title="Secret draft plan")
    draft.commitments.update(title="Secret draft commitment")
    plan = published_plan(member, coordinator)
    commitment, second = plan.commitments.all()[:2]
    report = published_report(commitment, coordinator)
    unpublished_report = draft_report(second)
    unpublished_report.lessons = "Secret draft lesson"
    unpublished_report.save(update_fields=["lessons"])
    return {
        "coordinator": coordinator,
        "member": member,
        "draft": draft,
        "plan": plan,
        "commitment": commitment,
        "second": second,
        "report": report,
        "draft_report": unpublished_report,
        "users": {
            "anonymous": None,
            "other_editor": editor_of(other),
            "own_editor": editor_of(member),
            "coordinator": coordinator,
        },
    }


def client_as(client, user):
    if user is not None:
        login(client, user)  # with the code, for the coordinator
    return client


def _public(world):
    member, plan, draft = world["member"], world["plan"], world["draft"]
    report, hidden = world["report"], world["draft_report"]
    everyone = dict.fromkeys(ROLES, 200)
    insiders = {"anonymous": 404, "other_editor": 404, "own_editor": 200, "coordinator": 200}
    return [
        (reverse("members:list"), everyone),
        (reverse("members:member", args=[member.pk]), everyone),
        (reverse("members:plan", args=[member.pk, plan.pk]), everyone),
        (reverse("members:plan", args=[member.pk, draft.pk]), insiders),
        (reverse("members:report", args=[member.pk, report.pk]), everyone),
        (reverse("members:report", args=[member.pk, hidden.pk]), insiders),
        # A published plan under another member's address is not found.
        (reverse("members:plan", args=[member.pk + 1000, plan.pk]), dict.fromkeys(ROLES, 404)),
        (reverse("members:plan_pdf", args=[member.pk, draft.pk]), dict.fromkeys(ROLES, 404)),
        (reverse("members:members_json"), everyone),
        (reverse("members:members_csv"), everyone),
        (reverse("members:commitments_json"), everyone),
        (reverse("members:commitments_csv"), everyone),
    ]


def _workspace(world):
    member, draft, plan = world["member"], world["draft"], world["plan"]
    own_only = {"anonymous": 302, "other_editor": 404, "own_editor": 200, "coordinator": 404}
    milestone = world["commitment"].milestones.first()
    return [
        (reverse("members:workspace"), {**own_only, "other_editor": 200, "coordinator": 200}),
        (reverse("members:member_workspace", args=[member.pk]), own_only),
        (reverse("members:plan_create", args=[member.pk]), own_only),
        (reverse("members:plan_workspace", args=[draft.pk]), own_only),
        (reverse("members:plan_workspace", args=[plan.pk]), own_only),
        (reverse("members:plan_edit", args=[draft.pk]), own_only),
        (reverse("members:milestones_edit", args=[draft.commitments.first().pk]), own_only),
        (reverse("members:milestone_done", args=[milestone.pk]), own_only),
        (reverse("members:report_edit", args=[world["second"].pk]), own_only),
        (reverse("members:report_workspace", args=[world["report"].pk]), own_only),
        (reverse("members:report_workspace", args=[world["draft_report"].pk]), own_only),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_get(client, world, role):
    client = client_as(client, world["users"][role])
    for url, expected in _public(world) + _workspace(world):
        response = client.get(url)
        assert response.status_code == expected[role], (url, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_submit(client, world, role):
    client = client_as(client, world["users"][role])
    draft, hidden = world["draft"], world["draft_report"]
    expected = {"anonymous": 302, "other_editor": 404, "own_editor": 302, "coordinator": 404}
    for url in (
        reverse("members:plan_submit", args=[draft.pk]),
        reverse("members:report_submit", args=[hidden.pk]),
    ):
        response = client.post(url)
        assert response.status_code == expected[role], (url, role)
        if role == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))
    draft.refresh_from_db()
    hidden.refresh_from_db()
    moved = role == "own_editor"
    assert draft.status == (Status.SUBMITTED if moved else Status.DRAFT)
    assert hidden.status == (Status.SUBMITTED if moved else Status.DRAFT)


def test_nothing_unpublished_appears_on_public_pages(client, world):
    member = world["member"]
    for url, _expected in _public(world):
        response = client.get(url)
        if response.status_code != 200:
            continue
        content = response.content.decode()
        for secret in ("Secret draft plan", "Secret draft commitment", "Secret draft lesson"):
            assert secret not in content, (url, secret)
    page = client.get(reverse("members:member", args=[member.pk])).content.decode()
    assert world["plan"].title in page
    assert "Municipality of Renca" in page


def test_a_returned_plan_shows_the_comment_and_can_be_edited_again(client, world):
    draft, coordinator = world["draft"], world["coordinator"]
    editor = world["users"]["own_editor"]
    domain.submit_plan(plan=draft, by=editor)
    domain.return_plan(plan=draft, by=coordinator, comment="Name the civil-society partners.")
    client_as(client, editor)
    page = client.get(reverse("members:plan_workspace", args=[draft.pk])).content.decode()
    assert "Name the civil-society partners." in page
    assert client.get(reverse("members:plan_edit", args=[draft.pk])).status_code == 200


def test_a_submitted_plan_cannot_be_edited_through_the_form(client, world):
    draft, editor = world["draft"], world["users"]["own_editor"]
    domain.submit_plan(plan=draft, by=editor)
    client_as(client, editor)
    response = client.post(
        reverse("members:plan_edit", args=[draft.pk]),
        {"title": "Changed after submission"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Secret draft plan"


def _plan_post(prefix_count, *, title="Plan from the form"):
    data = {
        "title": title,
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "co_creation": "Forum with civil society.",
        "civil_society_organisations": "Fundación Tribu",
        "commitments-TOTAL_FORMS": str(prefix_count),
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "1000",
    }
    for index in range(prefix_count):
        data |= {
            f"commitments-{index}-title": f"Commitment {index}",
            f"commitments-{index}-problem": "P",
            f"commitments-{index}-action": "A",
            f"commitments-{index}-contribution": "C",
            f"commitments-{index}-ogp_values": ["civic_participation"],
            f"commitments-{index}-lead_agency": "Agency",
        }
    return data


def test_the_plan_form_refuses_more_commitments_than_the_limit(client, world):
    editor, member = world["users"]["own_editor"], world["member"]
    client_as(client, editor)
    before = ActionPlan.objects.count()
    response = client.post(
        reverse("members:plan_create", args=[member.pk]), _plan_post(6, title="Too big")
    )
    assert response.status_code == 200
    assert "Please submit at most 5 forms." in response.content.decode()
    assert ActionPlan.objects.count() == before
    response = client.post(reverse("members:plan_create", args=[member.pk]), _plan_post(2))
    assert response.status_code == 302
    plan = ActionPlan.objects.get(title="Plan from the form")
    assert [c.title for c in plan.commitments.all()] == ["Commitment 0", "Commitment 1"]
    assert plan.commitments.first().ogp_values == ["civic_participation"]


def test_open_data_lists_published_commitments_with_values_and_completion(client, world):
    data = json.loads(client.get(reverse("members:commitments_json")).content)
    assert data["schema_version"] == 1
    titles = [record["title"] for record in data["commitments"]]
    assert titles == ["Commitment 1", "Commitment 2"]
    first = data["commitments"][0]
    assert first["ogp_values"] == ["access_to_information", "civic_participation"]
    assert first["completion_level"] == "complete"
    assert data["commitments"][1]["completion_level"] is None  # its report is a draft
    members = json.loads(client.get(reverse("members:members_json")).content)["members"]
    assert {m["name"] for m in members} == {"Municipality of Renca", "Municipality of Lima"}
    assert "editors" not in members[0] and "@" not in json.dumps(members)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("members:commitments_csv")).content.decode()))
    )
    assert rows[0][0] == "\ufeffid"
    assert rows[1][8] == "access_to_information; civic_participation"


def test_open_data_csv_is_formula_safe(client, db):
    quick_member(name='=HYPERLINK("http://evil")')
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("members:members_csv")).content.decode()))
    )
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_member_list_filters(client, db):
    quick_member(name="Bogotá", country="CO", level="municipal", year=2022)
    quick_member(name="Antioquia", country="CO", level="regional", year=2024)
    quick_member(name="La Paz", country="BO", level="municipal", year=2024)

    def names(query):
        page = client.get(reverse("members:list"), query).context["page"]
        return [member.name for member in page]

    assert names({}) == ["Antioquia", "Bogotá", "La Paz"]
    assert names({"country": "CO"}) == ["Antioquia", "Bogotá"]
    assert names({"level": "municipal", "year": "2024"}) == ["La Paz"]
    assert names({"year": "not-a-year"}) == ["Antioquia", "Bogotá", "La Paz"]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_member_list_query_count_is_flat(client, db):
    coordinator = make_coordinator()
    for index in range(3):
        member = quick_member(name=f"Town {index:02}", editors=[coordinator])
        published_plan(member, coordinator)
    few = _count(client, reverse("members:list"))
    for index in range(3, 30):
        member = quick_member(name=f"Town {index:02}", editors=[coordinator])
        published_plan(member, coordinator)
    assert _count(client, reverse("members:list")) == few
    assert _count(client, reverse("members:members_json")) == _count(
        client, reverse("members:members_json")
    )


def test_member_page_query_count_is_flat(client, db):
    coordinator = make_coordinator()
    small = quick_member(editors=[coordinator])
    plan = published_plan(small, coordinator, commitments=1, milestones=1)
    published_report(plan.commitments.first(), coordinator)
    big = quick_member(editors=[coordinator])
    for _ in range(3):
        plan = published_plan(big, coordinator, commitments=5, milestones=3)
        for commitment in plan.commitments.all()[:3]:
            published_report(commitment, coordinator)
    small_count = _count(client, reverse("members:member", args=[small.pk]))
    assert _count(client, reverse("members:member", args=[big.pk])) == small_count
    assert _count(client, reverse("members:plan", args=[big.pk, plan.pk])) == _count(
        client, reverse("members:plan", args=[small.pk, small.plans.first().pk])
    )


def test_open_data_query_count_is_flat(client, db):
    coordinator = make_coordinator()
    member = quick_member(editors=[coordinator])
    published_plan(member, coordinator, commitments=1)
    few = _count(client, reverse("members:commitments_json"))
    for _ in range(5):
        published_plan(quick_member(editors=[coordinator]), coordinator, commitments=5)
    assert _count(client, reverse("members:commitments_json")) == few


EVERY_SECTION = {
    "en": [
        "Overview",
        "Name of the evaluator",
        "Section 1. Commitment completion",
        "1.1 What was the overall level of progress",
        "1.2 Which external or internal factors",
        "1.3 Was the commitment implemented as originally planned?",
        "Section 2. Did it open government?",
        "2.1.1 Access to information",
        "2.1.2 Civic participation",
        "2.1.3 Public accountability",
        "2.1.4 Other results",
        "2.2 Did the commitment address the public policy problem",
        "Section 3. Lessons from implementation",
        "Complete",
        "All of the commitment milestones were implemented as planned",
        "Degree of result:",
        "Major",
        "Not applicable",
        "Evidence",
    ],
    "es": [
        "Resumen",
        "Nombre de la persona evaluadora",
        "Sección 1. Cumplimiento del compromiso",
        "1.1 ¿Cuál fue el nivel general de avance",
        "1.2 ¿Qué factores externos o internos",
        "1.3 ¿Se implementó el compromiso según lo planificado originalmente?",
        "Sección 2. ¿Abrió el gobierno?",
        "2.1.1 Acceso a la información",
        "2.1.2 Participación cívica",
        "2.1.3 Rendición de cuentas pública",
        "2.1.4 Otros resultados",
        "2.2 ¿Abordó el compromiso el problema de política pública",
        "Sección 3. Lecciones de la implementación",
        "Completo",
        "Todos los hitos del compromiso se implementaron según lo planificado",
        "Grado del resultado:",
        "Importante",
        "No aplica",
        "Evidencia",
    ],
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_report_page_shows_every_section_in_both_languages(client, world, language):
    report = world["report"]
    url = reverse("members:report", args=[world["member"].pk, report.pk])
    content = client.get(url, headers={"accept-language": language}).content.decode()
    import html

    content = html.unescape(content)
    for label in EVERY_SECTION[language]:
        assert label in content, (language, label)
    # The member's text as written, in every language.
    for answer in (
        "Milenka Villegas",
        "Fourteen teams took part.",
        "Teachers encouraged their students.",
        "Datasets, call, working groups, event.",
        "Better data quality and an award.",
        "Students shaped policies with data.",
        "Widen the open data catalogues.",
        "Event recap – website",
        "https://example.org/recap",
    ):
        assert answer in content, (language, answer)
    yes, no = ("Yes", "No") if language == "en" else ("Sí", "No")
    assert content.count(f'<strong class="answer">{yes}</strong>') == 2  # 2.1.1 and 2.2
    assert content.count(f'<strong class="answer">{no}</strong>') == 2  # 2.1.2 and 2.1.3


def test_the_matrix_covers_every_members_url(world):
    from django.urls import resolve

    from portal.member_urls import urlpatterns

    covered = {resolve(url).url_name for url, _expected in _public(world) + _workspace(world)}
    covered |= {"plan_submit", "report_submit"}  # test_permission_matrix_submit
    # test_editor_invitations: a 404 for other members' editors; the link works by its token.
    covered |= {"editor_invitation_withdraw", "editor_invitation_accept"}
    assert covered == {pattern.name for pattern in urlpatterns}


def _report_post(**changes):
    data = {
        "evaluator_name": "Milenka Villegas",
        "progress": "substantial",
        "progress_explanation": "Most of it was done.",
        "factors": "Universities helped.",
        "as_planned": "some",
        "as_planned_explanation": "The event moved a month.",
        "access_to_information": "True",
        "access_to_information_degree": "marginal",
        "access_to_information_explanation": "A new dataset.",
        "civic_participation": "False",
        "public_accountability": "False",
        "other_results": "",
        "addressed_problem": "True",
        "addressed_problem_explanation": "In part.",
        "lessons": "Start earlier.",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "evidence-0-label": "Recap",
        "evidence-0-url": "https://example.org/recap",
    }
    return data | changes


def test_the_report_form_explains_what_is_missing_and_keeps_what_was_typed(client, world):
    client_as(client, world["users"]["own_editor"])
    commitment = world["plan"].commitments.last()
    world["draft_report"].delete()
    url = reverse("members:report_edit", args=[commitment.pk])
    response = client.post(
        url,
        _report_post(
            access_to_information_degree="",
            access_to_information_explanation="",
            lessons="",
            **{"evidence-0-url": "javascript:alert(1)"},
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    for message in (
        "Give the degree of the result.",
        "Explain the result in a few sentences.",
        "This field is required.",
        "Enter a valid URL.",
    ):
        assert message in content, message
    assert "The event moved a month." in content  # nothing typed is lost
    assert not EndOfCommitmentReport.objects.filter(commitment=commitment).exists()
    response = client.post(url, _report_post())
    assert response.status_code == 302
    commitment.refresh_from_db()
    report = commitment.report
    assert (report.progress, report.as_planned, report.access_to_information) == (
        "substantial",
        "some",
        True,
    )
    assert list(report.evidence.values_list("url", flat=True)) == ["https://example.org/recap"]
    assert report.status == Status.DRAFT
