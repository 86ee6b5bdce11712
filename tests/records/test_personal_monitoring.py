"""A monitor is erased: the assessments the Support Unit published stay exactly as published
(their pages, the member's page, the open data), the ones not published lose the person's name
and e-mail address like any other draft."""

import re

from django.urls import reverse
from django.utils import translation

from monitoring import domain as monitoring_domain
from monitoring.enums import AssessmentStatus
from monitoring.models import AssessmentEvidence, EndOfCommitmentAssessment, Monitor
from records.personal import ERASED_NAME, erase_person
from tests.factories import UserFactory
from tests.members.factories import editor_of, published_plan, quick_member
from tests.monitoring.factories import end_of_commitment, monitor_of, published
from tests.records.test_personal import EMAIL, NAME, occurrences
from tests.reviews.factories import make_coordinator

# Each page's forms (the language switch) carry a CSRF token masked anew on every response.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def public_outputs(client, member, assessment):
    """Everything the public reads about the member's monitoring, as bytes (the CSRF token's
    value apart)."""
    urls = [
        reverse("members:member", args=[member.pk]),
        assessment.get_absolute_url(),
        reverse("monitoring:assessments_json"),
        reverse("monitoring:assessments_csv"),
    ]
    outputs = {}
    for url in urls:
        for language in ("en", "es"):
            response = client.get(url, headers={"accept-language": language})
            assert response.status_code == 200, url
            body = b"".join(response) if response.streaming else response.content
            outputs[url, language] = CSRF_TOKEN.sub(b'name="csrfmiddlewaretoken"', body)
    return outputs


def test_erasing_a_monitor_keeps_the_published_assessment_as_published(client):
    coordinator = make_coordinator()
    member = quick_member(name="Municipio de Tarija", editors=[UserFactory()])
    monitor = monitor_of(member, coordinator, email=EMAIL, body_name="Observatorio Tarija")
    monitor.full_name = NAME
    monitor.save()
    plan = published_plan(member, coordinator, commitments=2)
    first, second = plan.commitments.order_by("position")
    public = published(
        end_of_commitment(
            first, monitor, evaluator_name=NAME, lessons=f"{NAME} interviewed the teams."
        ),
        monitor,
        coordinator,
    )
    AssessmentEvidence.objects.create(
        assessment=public, label=f"Interview by {NAME}", url="https://example.org/interview"
    )
    draft = end_of_commitment(
        second, monitor, evaluator_name=NAME.upper(), lessons=f"Questions to {EMAIL}."
    )
    AssessmentEvidence.objects.create(
        assessment=draft, label=f"Notes of {NAME}", url="https://example.org/notes"
    )
    monitoring_domain.comment_on_assessment(
        assessment=draft, by=editor_of(member), comment=f"Thank you, {NAME}."
    )
    before = public_outputs(client, member, public)
    assert NAME in before[public.get_absolute_url(), "en"].decode()
    assert public_outputs(client, member, public) == before  # the comparison is stable

    with translation.override("en"):  # the last page was read in Spanish
        kept = erase_person(user=monitor)

    assert public_outputs(client, member, public) == before
    public.refresh_from_db()
    assert public.status == AssessmentStatus.PUBLISHED and public.evaluator_name == NAME
    # The draft stays for the Monitoring Body to finish, without the person.
    draft = EndOfCommitmentAssessment.objects.get(pk=draft.pk)
    assert draft.status == AssessmentStatus.DRAFT
    assert draft.evaluator_name == ERASED_NAME
    assert draft.lessons == f"Questions to erased-{monitor.pk}@erased.invalid."
    assert draft.evidence.get(url__endswith="notes").label == f"Notes of {ERASED_NAME}"
    assert occurrences(EMAIL) == []
    assert sorted(occurrences(NAME)) == [
        ("monitoring_assessmentevidence", "label"),
        ("monitoring_endofcommitmentassessment", "evaluator_name"),
        ("monitoring_endofcommitmentassessment", "lessons"),
    ]
    assert (
        EndOfCommitmentAssessment.objects.filter(evaluator_name__icontains=NAME).get().pk
        == public.pk
    )
    assert Monitor.objects.filter(user=monitor).exists()  # the account is closed
    assert any("published assessments" in str(item.what) for item in kept)
    why = next(str(item.why) for item in kept if "published assessments" in str(item.what))
    assert "name of the evaluator is published" in why


def test_nothing_about_assessments_is_said_to_a_person_who_wrote_none(db):
    person = UserFactory(full_name=NAME, email=EMAIL)

    kept = erase_person(user=person)

    assert not any("assessments" in str(item.what) for item in kept)


def test_who_started_a_published_assessment_is_told_and_who_published_it_is_not(db):
    coordinator = make_coordinator()
    member = quick_member(editors=[UserFactory()])
    monitor = monitor_of(member, coordinator)
    plan = published_plan(member, coordinator, commitments=1)
    # Signed by a colleague of the Monitoring Body: the monitor's name is not on it.
    published(end_of_commitment(plan.commitments.get(), monitor), monitor, coordinator)

    with translation.override("en"):
        told = erase_person(user=monitor)
        not_told = erase_person(user=coordinator)

    assert any("published assessments" in str(item.what) for item in told)
    assert not any("assessments" in str(item.what) for item in not_told)
