"""One archive of a call at a time: a second one is refused while the first waits for a worker
or is being built; once it is ready or has failed, a coordinator may ask again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from records import domain
from records.enums import ArchiveStatus
from records.exceptions import RecordsError
from records.models import CallArchive
from tests.factories import CallFactory, login
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db


def closed_call(**fields):
    return CallFactory(closes_at=timezone.now() - datetime.timedelta(days=1), **fields)


def test_a_second_archive_is_refused_while_one_waits_or_builds():
    coordinator = make_coordinator()
    call = closed_call()
    first = domain.request_archive(call=call, by=coordinator)

    with pytest.raises(RecordsError, match="already waiting for a worker or being built"):
        domain.request_archive(call=call, by=coordinator)
    domain.claim_archive(first)  # a worker took it: being built
    with translation.override("es"), pytest.raises(RecordsError, match="ya espera"):
        domain.request_archive(call=call, by=make_coordinator())
    assert list(CallArchive.objects.filter(call=call)) == [first]
    # Another call is not held up.
    assert domain.request_archive(call=closed_call(), by=coordinator)


@pytest.mark.parametrize("outcome", [ArchiveStatus.READY, ArchiveStatus.FAILED])
def test_a_finished_or_failed_archive_does_not_hold_up_a_new_one(outcome):
    coordinator = make_coordinator()
    call = closed_call()
    first = domain.request_archive(call=call, by=coordinator)
    domain.claim_archive(first)
    first.refresh_from_db()
    domain.move_archive(first, outcome)

    again = domain.request_archive(call=call, by=coordinator)

    assert again.pk != first.pk and again.status == ArchiveStatus.PENDING
    assert domain.archive_refusal(call=call) is not None  # and that one holds up a third


def test_the_desk_disables_a_call_whose_archive_is_on_its_way_and_says_why(client):
    coordinator = make_coordinator()
    busy = closed_call(title="Call 2025: archive on its way")
    free = closed_call(title="Call 2024")
    domain.request_archive(call=busy, by=coordinator)
    login(client, coordinator)
    add = reverse("admin:records_callarchive_add")

    page = client.get(add)

    assert page.status_code == 200
    select = page.context["adminform"].form.fields["call"].widget
    select = getattr(select, "widget", select)
    options = {
        option["value"].value if option["value"] else None: option
        for option in select.options("call", "")
    }
    assert options[busy.pk]["attrs"].get("disabled") is True
    assert not options[free.pk]["attrs"].get("disabled")
    content = page.content.decode()
    assert "Call 2025: archive on its way" in content
    assert "cannot be asked for again until it is ready or has failed" in content

    # A request sent anyway (an old page, two coordinators at once) is refused with the reason.
    refused = client.post(add, {"call": busy.pk})

    assert refused.status_code == 200
    assert "already waiting for a worker or being built" in refused.content.decode()
    assert CallArchive.objects.filter(call=busy).count() == 1
    assert client.post(add, {"call": free.pk}).status_code == 302


def test_two_coordinators_at_once_the_second_is_told_why_and_nothing_is_lost(client, monkeypatch):
    """Both forms passed their check; the second request is refused under the call's lock
    (domain.request_archive) and goes back to the form with the reason, not to a 403."""
    from desk.admin import records as records_admin

    first, second = make_coordinator(), make_coordinator()
    call = closed_call(title="Call 2025")
    add = reverse("admin:records_callarchive_add")
    login(client, second)
    client.get(add)
    domain.request_archive(call=call, by=first)  # the first coordinator's, a moment earlier
    # The second form was checked before the first request's row existed:
    monkeypatch.setattr(
        records_admin.ArchiveRequestForm, "clean_call", lambda form: form.cleaned_data["call"]
    )

    answer = client.post(add, {"call": call.pk}, follow=True)

    assert answer.redirect_chain == [(add, 302)]
    assert "already waiting for a worker or being built" in answer.content.decode()
    assert CallArchive.objects.filter(call=call).count() == 1
