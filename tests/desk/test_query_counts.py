"""Every desk page costs the same number of SQL queries at 3 and at 300 rows (issue #15), and
the change view of one application the same with 3 or 30 answers, events and partners."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.enums import ChangeRequestOutcome, EditorRole, EventKind
from applications.models import (
    Answer,
    ApplicationEditor,
    ApplicationEvent,
    ChangeRequest,
    Extension,
    Organisation,
    Partner,
)
from calls.models import Question, Section
from common import kept
from letters.enums import LetterKind
from reviews import domain
from reviews.enums import ReviewStage
from tests.desk.test_admin import APPLICATIONS, RANKING, bulk_applications, login
from tests.factories import UserFactory
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _queries(client, url):
    """The queries of one GET of ``url`` (after a first one: sessions, content types)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)  # a streamed export runs its query while it is read
    return [query["sql"] for query in captured.captured_queries], response, body


def _with_partners(applications, start):
    """Two partners per application, with names a search can find."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Ally {start + n} {side}", country="CL", kind="civil_society")
        for n in range(len(applications))
        for side in ("North", "South")
    )
    Partner.objects.bulk_create(
        Partner(application=applications[i // 2], organisation=o, role="Civil-society ally")
        for i, o in enumerate(organisations)
    )


@pytest.fixture
def people():
    return {
        "coordinator": make_coordinator(),
        "reviewers": [make_reviewer("KE"), make_reviewer("FR")],
    }


@pytest.fixture
def grow(people):
    """grow(n): the call has ``n`` applications in committee review, each scored by both
    reviewers and with two partners."""
    call = call_with_criteria()
    made = []

    def _grow(total):
        new = bulk_applications(call, total - len(made), people["reviewers"], start=len(made))
        _with_partners(new, len(made))
        kept.forget()  # made in bulk, past the signals that renew the kept counts
        made.extend(new)
        return made

    _grow.call = call
    return _grow


def _same_at_3_and_300(client, grow, url_of):
    applications = grow(3)
    few, small, small_body = _queries(client, url_of(applications))
    applications = grow(300)
    many, large, large_body = _queries(client, url_of(applications))
    assert len(many) == len(few), "\n".join(q[:150] for q in many)
    return (small, small_body), (large, large_body)


# The desks on /admin/ ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "reviewer"])
def test_the_desk_landing_pages(client, people, grow, role):
    user = people["coordinator"] if role == "coordinator" else people["reviewers"][0]
    login(client, user)
    (_, small), (_, large) = _same_at_3_and_300(client, grow, lambda a: "/admin/")
    if role == "reviewer":
        # 3 rows, then the first 50 of 300 with the counts of all and a link to the rest.
        assert small.count(b"data-review-status=") == 3
        assert b"more applications" not in small
        assert large.count(b"data-review-status=") == 50
        assert b"300 of 300 submitted" in large
        assert b"250 more applications: see them all in the list" in large


# The list of applications -----------------------------------------------------------------


def test_the_change_list(client, people, grow):
    login(client, people["coordinator"])
    (small, _), (large, _) = _same_at_3_and_300(client, grow, lambda a: APPLICATIONS)
    assert small.context["cl"].result_count == 3
    assert large.context["cl"].result_count == 300
    assert large.context["cl"].date_hierarchy is None  # no MIN/MAX and drill-down queries


def test_the_change_list_searched_by_partner_name(client, people, grow):
    login(client, people["coordinator"])
    (small, _), (large, _) = _same_at_3_and_300(client, grow, lambda a: f"{APPLICATIONS}?q=Ally+2")
    # Partners "Ally 2 …", then also "Ally 20 …" to "Ally 29 …" and "Ally 200 …" to
    # "Ally 299 …": 1, then 111 applications, each once although two partners match.
    assert small.context["cl"].result_count == 1
    assert large.context["cl"].result_count == 111
    assert "DISTINCT" not in str(large.context["cl"].queryset.query)


def test_the_change_list_searched_by_reference(client, people, grow):
    login(client, people["coordinator"])
    (small, _), (large, _) = _same_at_3_and_300(
        client, grow, lambda a: f"{APPLICATIONS}?q=2027-000"
    )
    assert small.context["cl"].result_count == 3
    assert large.context["cl"].result_count == 10


def test_the_reviewers_list(client, people, grow):
    login(client, people["reviewers"][0])
    (small, _), (large, _) = _same_at_3_and_300(client, grow, lambda a: APPLICATIONS)
    assert small.context["cl"].result_count == 3
    assert large.context["cl"].result_count == 300


def test_the_scoring_page(client, people, grow):
    login(client, people["reviewers"][0])
    (small, _), (large, _) = _same_at_3_and_300(
        client, grow, lambda a: f"{APPLICATIONS}{a[0].pk}/review/"
    )
    assert small.context["application"].reference == "OGPL-2027-0000"
    assert large.context["application"].reference == "OGPL-2027-0000"


# The ranking ------------------------------------------------------------------------------


def test_the_ranking_page(client, people, grow):
    login(client, people["coordinator"])
    url = f"{RANKING}?call__id__exact={grow.call.pk}"
    (small, _), (large, _) = _same_at_3_and_300(client, grow, lambda a: url)
    assert len(small.context["cl"].result_list) == 3
    page = large.context["cl"]
    assert page.result_count == 300
    assert len(page.result_list) == page.list_per_page < 300  # paginated
    ranks = [a.rank for a in page.result_list]
    assert ranks == sorted(ranks)

    second = client.get(f"{url}&p=2").context["cl"].result_list
    assert second[0].rank >= ranks[-1]  # ranked across the whole call, not page by page


def test_the_ranking_export_streams(client, people, grow):
    login(client, people["coordinator"])
    url = f"{RANKING}export.csv?call__id__exact={grow.call.pk}"
    (small, small_body), (large, large_body) = _same_at_3_and_300(client, grow, lambda a: url)
    assert large.streaming
    assert len(small_body.decode("utf-8-sig").splitlines()) == 1 + 3
    lines = list(csv.reader(io.StringIO(large_body.decode("utf-8-sig"))))
    assert len(lines) == 1 + 300
    row = dict(zip(lines[0], lines[1], strict=True))
    assert row["Country"] in {"Chile", "Peru", "Bolivia", "Kenya", "Philippines", "France"} | {
        "Mexico",
        "Indonesia",
    }
    assert row["Stage"] == str(ReviewStage.COMMITTEE_REVIEW.label)
    assert row["Level of government"]  # a label, not the empty cell of a missing value
    assert row["Rank"] == "1" and float(row["Weighted mean"]) > 0
    assert row["Reviews submitted"] == row["Reviewers assigned"] == "2"


# The change view of one application -------------------------------------------------------


def _grow_application(application, count):
    """Bring the application to ``count`` answers, events and partners (at least)."""
    section = Section.objects.create(call=application.call, title="More", position=99)
    missing = count - application.answers.count()
    questions = Question.objects.bulk_create(
        Question(section=section, text=f"Question {n}?", position=n) for n in range(missing)
    )
    Answer.objects.bulk_create(
        Answer(application=application, question=q, value=f"Answer {n}")
        for n, q in enumerate(questions)
    )
    author = application.owner_user
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(
            application=application,
            actor=make_reviewer("KE") if n % 2 else author,  # several people, not one
            kind=EventKind.SECTION_SAVED,
            detail=f"Saved {n}",
            created_at=timezone.now(),
        )
        for n in range(count - application.events.count())
    )
    start = application.partners.count()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Partner {n}", country="CL", kind="civil_society")
        for n in range(start, count)
    )
    Partner.objects.bulk_create(
        Partner(application=application, organisation=o, role="Ally") for o in organisations
    )
    _grow_the_rest(application, count)


def _grow_the_rest(application, count):
    """Letters, editors, change requests and extensions: each section of the page grows."""
    model_letter = application.letters.filter(kind=LetterKind.CIVIL_SOCIETY).first()
    letters = application.letters.count()
    for n in range(letters, count):
        model_letter.pk = None
        model_letter.author_organisation = f"Ally {n}"
        model_letter.save()
    coordinator = make_coordinator()
    editors = application.editors.count()
    ApplicationEditor.objects.bulk_create(
        ApplicationEditor(
            application=application,
            user=UserFactory(full_name=f"Editor {n}"),
            role=EditorRole.EDITOR,
        )
        for n in range(editors, count)
    )
    now = timezone.now()
    ChangeRequest.objects.bulk_create(
        ChangeRequest(
            application=application,
            items=["letters"],
            note=f"Request {n}",
            answer_by=now,
            requested_by=coordinator,
            resolved_at=now,  # one waiting request at most: these are past ones
            outcome=ChangeRequestOutcome.RESUBMITTED,
        )
        for n in range(application.change_requests.count(), count)
    )
    Extension.objects.bulk_create(
        Extension(
            application=application,
            deadline=now,
            reason=f"Reason {n}",
            granted_by=coordinator if n % 2 else None,
        )
        for n in range(application.extensions.count(), count)
    )


def test_the_change_view_of_one_application(client, people):
    coordinator = people["coordinator"]
    call = call_with_criteria()
    application = into_committee_review(submitted_application(call=call), coordinator)
    for reviewer in people["reviewers"]:
        domain.assign_reviewer(application=application, reviewer=reviewer, assigned_by=coordinator)
    login(client, coordinator)
    url = f"{APPLICATIONS}{application.pk}/change/"
    _grow_application(application, 3)

    few, small, _ = _queries(client, url)
    _grow_application(application, 30)
    many, large, body = _queries(client, url)

    assert application.answers.count() >= 30
    assert application.events.count() >= 30
    assert application.partners.count() >= 30
    assert body.count(b"Partner 29<") == 1
    for text in [b"Ally 29<", b"Editor 29<", b"Request 29<", b"Reason 29<"]:
        assert body.count(text) == 1, text
    assert len(many) == len(few), "\n".join(q[:150] for q in many)
    # The reviewer field of a new assignment searches as one types; it does not list every
    # reviewer (once for the extra form, again for the "add another" template).
    assert body.count(people["reviewers"][1].email.encode()) <= 2
    assert b"admin-autocomplete" in body


def test_the_reviewer_autocomplete_offers_reviewers_only(client, people):
    from tests.factories import UserFactory

    UserFactory(email="applicant@example.org")
    login(client, people["coordinator"])
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "reviews", "model_name": "assignment", "field_name": "reviewer", "term": ""},
    )
    assert found.status_code == 200
    emails = {row["text"] for row in found.json()["results"]}
    assert all("applicant@example.org" not in text for text in emails)
    assert len(emails) == 2


def test_the_reviewers_desk_shows_what_is_left_to_review_first(client, people, grow):
    from reviews.enums import ReviewStatus
    from reviews.models import Review

    reviewer = people["reviewers"][0]
    applications = grow(60)
    Review.objects.filter(
        assignment__reviewer=reviewer, assignment__application=applications[-1]
    ).update(status=ReviewStatus.DRAFT, submitted_at=None)
    login(client, reviewer)

    body = client.get("/admin/").content.decode()

    assert body.count("data-review-status=") == 50
    assert body.index('data-review-status="draft"') < body.index('data-review-status="submitted"')
    assert applications[-1].reference in body
    assert "59 of 60 submitted" in body
    assert "10 more applications" in body
