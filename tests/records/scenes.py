"""A closed call with everything an auditor looks for: reviews, a withdrawn conflict, decisions
released and e-mailed, a replaced letter."""

import datetime

from django.utils import timezone

from applications import domain as applications_domain
from letters import domain as letters_domain
from letters.enums import LetterKind, LetterStatus
from reviews import domain
from reviews.enums import DecisionOutcome, Recommendation
from tests.factories import ApplicationFactory, complete_application
from tests.letters import samples
from tests.reviews.factories import (
    call_with_criteria,
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)


def decided_call(django_capture_on_commit_callbacks):
    coordinator = make_coordinator()
    call = call_with_criteria()
    admitted = submitted_application(call=call, country="CL", name="Municipalidad de Peñalolén")
    refused = ApplicationFactory(
        call=call, lead_government__country="KE", lead_government__name="Makueni County"
    )
    complete_application(refused)
    first = refused.letters.get(kind=LetterKind.CIVIL_SOCIETY, status=LetterStatus.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        replacement = letters_domain.receive_letter(
            application=refused,
            data=samples.pdf("Fundación Tribu supports Makueni, second version."),
            filename="support-v2.pdf",
            details={
                "kind": LetterKind.CIVIL_SOCIETY,
                "government": None,
                "author_organisation": "Fundación Tribu",
                "signatory_name": "Tomás González",
                "signatory_title": "President",
                "signed_on": timezone.localdate(),
                "language": "es",
            },
            uploaded_by=refused.owner_user,
            replaces=first,
        )
    applications_domain.submit_application(
        application=refused, user=refused.owner_user, acknowledge_term_warning=True
    )
    refused.refresh_from_db()
    reviewer = make_reviewer(country="FR")
    other = make_reviewer(country="DE")
    for application in (admitted, refused):
        into_committee_review(application, coordinator)
        for person in (reviewer, other):
            assignment = domain.assign_reviewer(
                application=application, reviewer=person, assigned_by=coordinator
            )
            submit_scores(assignment, 4 if application == admitted else 2, Recommendation.ADMIT)
    conflict = domain.declare_conflict(
        application=refused, reviewer=other, reason="Worked with them.", declared_by=coordinator
    )
    domain.withdraw_conflict(conflict=conflict, by=coordinator, reason="A different office.")
    decisions = [
        domain.record_decision(
            application=admitted,
            outcome=DecisionOutcome.ADMITTED,
            reason="Strong commitment.",
            by=coordinator,
        ),
        domain.record_decision(
            application=refused,
            outcome=DecisionOutcome.NOT_ADMITTED,
            reason="The plan lacks a budget.",
            by=coordinator,
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        domain.release_decisions(decisions=decisions, by=coordinator)
    call.__class__.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    call.refresh_from_db()
    return {
        "call": call,
        "coordinator": coordinator,
        "admitted": admitted,
        "refused": refused,
        "replaced": first,
        "replacement": replacement,
        "conflict": conflict,
    }
