"""The desks on /admin/: what the reviewer and the coordinator see first, and their cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.enums import ApplicationStatus
from applications.models import Application, Organisation
from common import kept
from reviews import domain
from reviews.enums import ReviewStage
from reviews.models import Assignment, Candidacy
from tests.desk.test_admin import desk, login  # noqa: F401 (fixture)
from tests.factories import GovernmentFactory
from tests.reviews.factories import submit_scores, submitted_application

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def test_the_reviewers_desk_lists_their_queue_with_counts(client, desk):  # noqa: F811
    login(client, desk["reviewer"])
    page = client.get(INDEX)
    assert page.status_code == 200
    text = page.content.decode()
    assert "0 of 1 submitted" in text
    assert desk["assigned"].reference in text
    assert desk["unassigned"].reference not in text
    assert "Read the packet and letters, then score." in text
    assert f"/applications/{desk['assigned'].reference}/packet/" in text

    submit_scores(desk["assignment"], 4)
    text = client.get(INDEX).content.decode()
    assert "1 of 1 submitted" in text
    assert "Nothing: your review is submitted." in text


def test_a_declared_conflict_leaves_the_reviewers_queue(client, desk):  # noqa: F811
    domain.declare_conflict(
        application=desk["assigned"], reviewer=desk["reviewer"], reason="Former adviser."
    )
    login(client, desk["reviewer"])
    text = client.get(INDEX).content.decode()
    assert "0 of 0 submitted" in text
    assert desk["assigned"].reference not in text


def test_the_coordinators_desk_counts_match_the_lists_they_link_to(client, desk):  # noqa: F811
    login(client, desk["coordinator"])
    page = client.get(INDEX)
    assert page.status_code == 200
    links = _count_links(page.content.decode())
    assert len(links) >= 12
    checked = 0
    for url, count in links:
        listing = client.get(url)
        assert listing.status_code == 200, url
        assert listing.context["cl"].result_count == count, url
        checked += 1
    assert checked == len(links)
    assert checked >= 12
    # The counts themselves: two applications under review in committee, one review outstanding.
    by_url = dict(links)
    assert any(c == 2 and "status__exact=under_review" in u for u, c in by_url.items())
    assert any(c == 1 and "outstanding=yes" in u for u, c in by_url.items())


def _count_links(html):
    import re

    return [
        (url.replace("&amp;", "&"), int(count))
        for url, count in re.findall(r'<a href="([^"]+)" data-desk-count="(\d+)"', html)
    ]


def _many_applications(call, reviewer, coordinator, count, start=0):
    """``count`` applications in committee review with ``reviewer`` assigned, made in bulk."""
    governments = Organisation.objects.bulk_create(
        [
            GovernmentFactory.build(name=f"Municipality {n}", country=["CL", "PE", "MX"][n % 3])
            for n in range(start, start + count)
        ]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                call=call,
                lead_government=government,
                reference=f"OGPL-2026-{5000 + start + n:04d}",
                status=ApplicationStatus.UNDER_REVIEW,
            )
            for n, government in enumerate(governments)
        ]
    )
    Candidacy.objects.bulk_create(
        [Candidacy(application=a, stage=ReviewStage.COMMITTEE_REVIEW) for a in applications]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(application=a, reviewer=reviewer, assigned_by=coordinator)
            for a in applications
        ]
    )
    kept.forget()  # made in bulk, past the signals that renew the desks' kept counts


def _without_tokens(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page.content.decode())


@pytest.mark.parametrize("role", ["reviewer", "coordinator"])
def test_the_desks_counts_are_kept_until_what_they_read_changes(client, desk, role):  # noqa: F811
    login(client, desk[role])
    with CaptureQueriesContext(connection) as first:
        before = _without_tokens(client.get(INDEX))
    with CaptureQueriesContext(connection) as again:
        assert _without_tokens(client.get(INDEX)) == before
    counted = [q["sql"] for q in first.captured_queries if "COUNT(" in q["sql"]]
    assert counted, "the first page counts"
    assert not [q["sql"] for q in again.captured_queries if "COUNT(" in q["sql"]]
    # A review submitted through the domain (its model signals) renews them at once.
    submit_scores(desk["assignment"], 4)
    with CaptureQueriesContext(connection) as renewed:
        after = _without_tokens(client.get(INDEX))
    assert [q["sql"] for q in renewed.captured_queries if "COUNT(" in q["sql"]]
    assert after != before


def test_a_sign_in_does_not_renew_the_desks_counts_and_a_users_change_does(
    client,
    desk,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """A sign-in writes only the user's last_login, which no count reads (common.kept.quiet);
    the conflict rule reads users' e-mail addresses, so any other change of a user renews."""

    def counts():
        with CaptureQueriesContext(connection) as read:
            assert client.get(INDEX).status_code == 200
        return [q["sql"] for q in read.captured_queries if "COUNT(" in q["sql"]]

    login(client, desk["coordinator"])
    assert counts(), "the first page counts"
    with django_capture_on_commit_callbacks(execute=True):
        login(client, desk["reviewer"])  # another sign-in: the reviewer's last_login
        login(client, desk["coordinator"])
    assert desk["coordinator"].__class__.objects.get(pk=desk["reviewer"].pk).last_login
    assert counts() == []
    with django_capture_on_commit_callbacks(execute=True):
        reviewer = desk["reviewer"]
        reviewer.email = "rita.new@example.org"
        reviewer.save()
    assert counts()


@pytest.mark.parametrize("role", ["reviewer", "coordinator"])
def test_the_desks_query_count_does_not_grow_with_applications(client, desk, role):  # noqa: F811
    login(client, desk[role])
    _many_applications(desk["call"], desk["reviewer"], desk["coordinator"], 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX).status_code == 200
    _many_applications(desk["call"], desk["reviewer"], desk["coordinator"], 297, start=1)
    with CaptureQueriesContext(connection) as many:
        page = client.get(INDEX)
    assert page.status_code == 200
    assert Application.objects.count() == 300
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def _country_choices(client):
    page = client.get("/admin/applications/application/")
    specs = page.context["cl"].filter_specs
    spec = next(s for s in specs if getattr(s, "parameter_name", "") == "country")
    return dict(spec.lookup_choices)


def test_the_country_filter_is_kept_until_an_application_changes(client, desk):  # noqa: F811
    login(client, desk["coordinator"])
    before = _country_choices(client)
    assert set(before) == {"CL", "PE"}
    with CaptureQueriesContext(connection) as again:
        assert _country_choices(client) == before
    assert not [q for q in again.captured_queries if "DISTINCT" in q["sql"]]
    submitted_application(call=desk["call"], country="KE", name="Nairobi City County")
    assert _country_choices(client) == {**before, "KE": "Kenya"}


def test_the_reviewers_list_count_is_kept_until_a_conflict_is_declared(client, desk):  # noqa: F811
    login(client, desk["reviewer"])
    url = "/admin/applications/application/"
    assert client.get(url).context["cl"].result_count == 1
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).context["cl"].result_count == 1
    assert not [q for q in again.captured_queries if "COUNT(" in q["sql"]]
    # A search shows the same kept total beside its matches, without counting again.
    with CaptureQueriesContext(connection) as searched:
        found = client.get(url + "?q=" + desk["assigned"].reference).context["cl"]
    assert (found.result_count, found.full_result_count) == (1, 1)
    assert not [q for q in searched.captured_queries if "COUNT(" in q["sql"]]
    domain.declare_conflict(
        application=desk["assigned"], reviewer=desk["reviewer"], reason="Former adviser."
    )
    assert client.get(url).context["cl"].result_count == 0


@pytest.mark.parametrize("order", ["", "&o=2", "&o=-2.1", "&o=-4", "&p=2&n=25"])
def test_a_search_finds_the_same_rows_by_ids_or_by_its_scans(client, desk, monkeypatch, order):  # noqa: F811
    from desk.admin import changelists

    _many_applications(desk["call"], desk["reviewer"], desk["coordinator"], 30)
    login(client, desk["coordinator"])
    url = "/admin/applications/application/?q=municipality" + order

    def found():
        cl = client.get(url).context["cl"]
        return cl.result_count, [row.pk for row in cl.result_list]

    by_ids = found()
    assert by_ids[0] == 32 and by_ids[1]
    monkeypatch.setattr(changelists, "NARROWED_IDS_AT_MOST", 1)  # too many: Django's way
    assert found() == by_ids


def test_the_list_shows_25_applications_a_page_or_the_visitors_choice(client, desk):  # noqa: F811
    _many_applications(desk["call"], desk["reviewer"], desk["coordinator"], 60)
    login(client, desk["coordinator"])
    url = "/admin/applications/application/"
    page = client.get(url)
    assert len(page.context["cl"].result_list) == 25
    assert 'href="?n=50"' in page.content.decode()
    assert len(client.get(url + "?n=50").context["cl"].result_list) == 50
    chosen = client.get(url + "?n=100&status__exact=under_review")
    under_review = Application.objects.filter(status=ApplicationStatus.UNDER_REVIEW).count()
    assert chosen.context["cl"].result_count == under_review > 60
    assert len(chosen.context["cl"].result_list) == under_review
    assert len(client.get(url + "?n=7").context["cl"].result_list) == 25  # not a choice


def test_a_lookup_that_is_no_list_filter_still_narrows_the_count(client, desk):  # noqa: F811
    """A lookup in the query string that the admin applies without calling it a filter: the
    count is the narrowed rows', not the list's total."""
    _many_applications(desk["call"], desk["reviewer"], desk["coordinator"], 3)
    login(client, desk["coordinator"])
    page = client.get("/admin/applications/application/?reference__startswith=OGPL-2026-500")
    cl = page.context["cl"]
    assert cl.result_count == 3 == len(cl.result_list)
    assert cl.full_result_count == Application.objects.count() == 5
