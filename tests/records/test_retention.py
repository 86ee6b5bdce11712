"""The retention rule with a frozen clock: nothing goes before its time, then exactly what the
settings say, never what was published."""

import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.models import Application
from letters.enums import LetterStatus
from letters.models import Letter
from records.models import RetentionRecord
from records.retention import apply_retention
from reviews import domain
from reviews.enums import DecisionOutcome
from tests.factories import ApplicationFactory, CallFactory, UserFactory, complete_application
from tests.ogp_portal.test_object_storage import bucket  # noqa: F401  (a fixture)
from tests.reviews.factories import call_with_criteria, make_coordinator, submitted_application

START = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)


def decided(call, outcome, coordinator, **kwargs):
    application = submitted_application(call=call, **kwargs)
    decision = domain.record_decision(
        application=application, outcome=outcome, reason="Decided.", by=coordinator
    )
    domain.release_decisions(decisions=[decision], by=coordinator)
    return application


def run_at(moment, capture):
    """The rule as beat runs it, with the clock stopped at ``moment`` and the deletions that
    wait for the commit done."""
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return apply_retention()


def files_of(application):
    return [
        letter.file.name
        for letter in Letter.objects.filter(application=application, status=LetterStatus.RECEIVED)
    ]


def exists(names):
    storage = Letter._meta.get_field("file").storage
    return [storage.exists(name) for name in names]


@pytest.mark.django_db
def test_each_kind_of_record_goes_when_its_time_comes(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        coordinator = make_coordinator()
        call = call_with_criteria()
        refused = decided(call, DecisionOutcome.NOT_ADMITTED, coordinator, country="KE")
        admitted = decided(call, DecisionOutcome.ADMITTED, coordinator, country="CL")
        published_call = call_with_criteria()
        published = decided(published_call, DecisionOutcome.NOT_ADMITTED, coordinator, country="MX")
        Application.objects.filter(pk=published.pk).update(publication_consent=True)
        published_call.results_published_at = timezone.now()
        published_call.save()
        draft = complete_application(ApplicationFactory(call=call))
        unverified = UserFactory()
        EmailAddress.objects.filter(user=unverified).update(verified=False)
        verified = UserFactory()
    refused_files, admitted_files = files_of(refused), files_of(admitted)
    published_files, draft_files = files_of(published), files_of(draft)
    assert refused_files and admitted_files and published_files and draft_files

    first = run_at(START + datetime.timedelta(days=29), django_capture_on_commit_callbacks)
    assert (first.accounts_deleted, first.letter_files_deleted, first.drafts_deleted) == (0, 0, 0)

    second = run_at(START + datetime.timedelta(days=31), django_capture_on_commit_callbacks)
    assert second.accounts_deleted == 1 and second.details["accounts"] == [unverified.pk]
    users = get_user_model().objects
    assert not users.filter(pk=unverified.pk).exists() and users.filter(pk=verified.pk).exists()
    assert (second.letter_files_deleted, second.drafts_deleted) == (0, 0)

    # The call closed 30 days after START: 12 months later its drafts go; 24 months after the
    # decisions were released, the letters of the application not admitted go.
    third = run_at(START + datetime.timedelta(days=30 + 366), django_capture_on_commit_callbacks)
    assert third.drafts_deleted == 1 and not Application.objects.filter(pk=draft.pk).exists()
    assert exists(draft_files) == [False] * len(draft_files)
    assert third.letter_files_deleted == 0

    last = run_at(START + datetime.timedelta(days=2 * 366), django_capture_on_commit_callbacks)
    assert last.letter_files_deleted == len(refused_files)
    assert exists(refused_files) == [False] * len(refused_files)
    kept = Letter.objects.filter(application=refused)
    assert kept.count() == len(refused_files) and set(kept.values_list("file", flat=True)) == {""}
    assert all(len(sha) == 64 for sha in kept.values_list("sha256", flat=True))
    # Admitted and published: untouched.
    kept_files = admitted_files + published_files
    assert exists(kept_files) == [True] * len(kept_files)
    assert RetentionRecord.objects.count() == 4
    assert last.ran_at == START + datetime.timedelta(days=2 * 366)


@pytest.mark.django_db
def test_files_are_deleted_from_object_storage(
    bucket,  # noqa: F811
    object_store,
    django_capture_on_commit_callbacks,
):
    # S3 refuses requests signed at a time far from its own clock: the clock stays real here
    # and the rule is asked for a day two years on.
    refused = decided(CallFactory(), DecisionOutcome.NOT_ADMITTED, make_coordinator())
    names = files_of(refused)
    client = object_store.client()
    assert all(client.head_object(Bucket=bucket, Key=f"private/{name}") for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        record = apply_retention(now=timezone.now() + datetime.timedelta(days=2 * 366))

    assert record.letter_files_deleted == len(names)
    listed = client.list_objects_v2(Bucket=bucket, Prefix="private/letters/")
    assert [item["Key"] for item in listed.get("Contents", [])] == []
