"""Building blocks for the members tests: admitted applicants, plans in each state, reports."""

import datetime

from members import domain
from members.enums import AsPlanned, OGPValue, OpenGovernmentDegree, ProgressLevel
from members.models import Commitment, EndOfCommitmentReport, EvidenceLink, Member, Milestone
from reviews import domain as reviews_domain
from tests.factories import UserFactory
from tests.reviews.factories import make_coordinator, submitted_application

_counter = iter(range(1, 10_000_000))


def admitted_member(*, coordinator=None, name=None, country="CL", language="en"):
    """An application admitted and released: its member, made by the release."""
    coordinator = coordinator or make_coordinator()
    application = submitted_application(
        country=country, name=name or f"Municipality {next(_counter)}", language=language
    )
    decision = reviews_domain.record_decision(
        application=application, outcome="admitted", reason="Strong co-creation.", by=coordinator
    )
    reviews_domain.release_decisions(decisions=[decision], by=coordinator)
    return Member.objects.get(application=application)


def quick_member(*, name=None, country="BO", level="municipal", year=2024, editors=()):
    """A member registered directly (no application), for tests about the pages."""
    return domain.register_member(
        name=name or f"City {next(_counter)}",
        country=country,
        government_level=level,
        year_joined=year,
        language="en",
        partners=[("Fundación Tribu", "Civil-society ally")],
        editors=editors,
    )


def editor_of(member):
    return member.editors.select_related("user").first().user


def draft_plan(member, *, by=None, commitments=2, milestones=1):
    by = by or editor_of(member)
    plan = domain.create_plan(
        member=member,
        by=by,
        title="Action plan 2025 – 2026",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        co_creation="Open working sessions with civil society.",
        civil_society_organisations="Fundación Tribu\nUniversity of Chile",
    )
    for number in range(commitments):
        commitment = Commitment.objects.create(
            plan=plan,
            position=number,
            title=f"Commitment {number + 1}",
            problem="Data is published but little used.",
            action="Hold a datathon with students.",
            contribution="Evidence for municipal policy.",
            ogp_values=[OGPValue.ACCESS_TO_INFORMATION, OGPValue.CIVIC_PARTICIPATION],
            lead_agency="Planning Secretariat",
        )
        for step in range(milestones):
            Milestone.objects.create(
                commitment=commitment,
                title=f"Milestone {step + 1}",
                due_on=datetime.date(2025, 3 + step, 1),
            )
    return plan


def published_plan(member, coordinator, **kwargs):
    plan = draft_plan(member, **kwargs)
    domain.submit_plan(plan=plan, by=editor_of(member))
    domain.publish_plan(plan=plan, by=coordinator)
    plan.refresh_from_db()
    return plan


REPORT_ANSWERS = {
    "evaluator_name": "Milenka Villegas",
    "progress": ProgressLevel.COMPLETE,
    "progress_explanation": "Fourteen teams took part.",
    "factors": "Teachers encouraged their students.",
    "as_planned": AsPlanned.ALL,
    "as_planned_explanation": "Datasets, call, working groups, event.",
    "access_to_information": True,
    "access_to_information_degree": OpenGovernmentDegree.MAJOR,
    "access_to_information_explanation": "Better data quality and an award.",
    "civic_participation": False,
    "public_accountability": False,
    "other_results": "",
    "addressed_problem": True,
    "addressed_problem_explanation": "Students shaped policies with data.",
    "lessons": "Widen the open data catalogues.",
}


def draft_report(commitment):
    report = EndOfCommitmentReport.objects.create(commitment=commitment, **REPORT_ANSWERS)
    EvidenceLink.objects.create(
        report=report, label="Event recap – website", url="https://example.org/recap"
    )
    return report


def published_report(commitment, coordinator):
    report = draft_report(commitment)
    domain.submit_report(report=report, by=editor_of(commitment.plan.member))
    domain.publish_report(report=report, by=coordinator)
    report.refresh_from_db()
    return report


def other_user():
    return UserFactory()
