"""The members side of the demo data: La Paz, its 2025–2026 action plan and the published
end-of-commitment report of its datathon commitment, retold in our words from OGP's public
report. Called by applications/management/commands/load_demo.py; running it again changes
nothing."""

import datetime

from . import domain
from .enums import AsPlanned, OGPValue, OpenGovernmentDegree, ProgressLevel
from .models import Commitment, EndOfCommitmentReport, EvidenceLink, Milestone

LA_PAZ = {
    "name": "La Paz, Bolivia",
    "country": "BO",
    "government_level": "municipal",
    "year_joined": 2024,
    "language": "es",
    "partners": [("UNDP Bolivia", "Civil-society ally")],
}

PLAN = {
    "title": "Action plan – La Paz, Bolivia, 2025 – 2026",
    "starts_on": datetime.date(2025, 1, 1),
    "ends_on": datetime.date(2026, 12, 31),
    "co_creation": (
        "The municipal government and civil society drew up the plan together in open "
        "working sessions, with universities and young people invited to propose commitments."
    ),
    "civil_society_organisations": "UNDP Bolivia\nUniversities of La Paz",
}

COMMITMENT = {
    "title": "Bicentennial Datathon of Municipal Public Policies",
    "problem": (
        "La Paz was early to publish open data, but publishing is not enough: the data must be "
        "used. Residents, students and analysts should be able to work with it and turn it "
        "into evidence for municipal policies that answer the city's real needs."
    ),
    "action": (
        "The Municipal Planning Secretariat, with the Information Technology and Open "
        "Government Department, opens a space where university students analyse municipal "
        "data — above all the 2023 municipal household survey and the municipal statistics "
        "portal — and propose solutions for urban mobility, resilience and risk, and "
        "employment, working in groups per sector from a shared baseline."
    ),
    "contribution": (
        "Young people learn to use the city's data, and the municipality gets evidence-based "
        "proposals for its public policies."
    ),
    "ogp_values": [
        OGPValue.ACCESS_TO_INFORMATION,
        OGPValue.CIVIC_PARTICIPATION,
        OGPValue.TECHNOLOGY_AND_INNOVATION,
    ],
    "lead_agency": "Municipal Planning Secretariat",
    "other_government_actors": "Information Technology and Open Government Department",
    "other_non_governmental_actors": "Universities and their teachers; sector experts",
}

MILESTONES = [
    ("Prepare the datasets for the datathon", datetime.date(2025, 3, 31)),
    ("Agree the work with municipal departments and universities", datetime.date(2025, 4, 30)),
    ("Find experts in each topic to train the students", datetime.date(2025, 5, 31)),
    ("Launch the call for participants and form the working groups", datetime.date(2025, 6, 30)),
    ("Hold the datathon", datetime.date(2025, 8, 31)),
]

# The member's own self-report, by its planning office; the independent assessment with seed
# 001's evaluator is the Monitoring Body's (monitoring/demo.py).
REPORT = {
    "evaluator_name": "Municipal Planning Secretariat",
    "progress": ProgressLevel.COMPLETE,
    "progress_explanation": (
        "The datathon met its goals: it brought university students into data analysis for "
        "public policy. Fourteen teams from several universities and disciplines took part."
    ),
    "factors": (
        "Working closely with universities was what brought young people in; teachers who "
        "encouraged their students to analyse data and propose policies were decisive."
    ),
    "as_planned": AsPlanned.ALL,
    "as_planned_explanation": (
        "The Municipal Planning Secretariat prepared the datasets, agreed the work with "
        "departments and universities, found experts to train the students, launched the call, "
        "formed the working groups and held the datathon."
    ),
    "access_to_information": True,
    "access_to_information_degree": OpenGovernmentDegree.MAJOR,
    "access_to_information_explanation": (
        "The city manages its information better: higher-quality data, open data portals "
        "promoted, and more people aware of how to use them. The municipality's data work "
        "earned it the Bolivia INNOVATIC 2025 award."
    ),
    "civic_participation": False,
    "public_accountability": False,
    "other_results": "",
    "addressed_problem": True,
    "addressed_problem_explanation": (
        "Young university students took part in shaping public policies by analysing data."
    ),
    "lessons": (
        "Open data should be promoted in every area and the municipal catalogues widened, so "
        "that residents and young people can reach the information and use it for analysis "
        "and research."
    ),
}

# The public report names its evidence without addresses; the demo points at placeholders.
EVIDENCE = [
    ("Event promotion – website", "https://example.org/demo/la-paz/datathon-promotion"),
    ("Event promotion – Facebook", "https://example.org/demo/la-paz/datathon-facebook"),
    ("Event recap – website", "https://example.org/demo/la-paz/datathon-recap"),
    ("Event recap – media", "https://example.org/demo/la-paz/datathon-media"),
]


def load_demo_member(*, editor, coordinator):
    """La Paz as a member, with its published plan and report. Returns the member."""
    member = domain.register_member(
        name=LA_PAZ["name"],
        country=LA_PAZ["country"],
        government_level=LA_PAZ["government_level"],
        year_joined=LA_PAZ["year_joined"],
        language=LA_PAZ["language"],
        partners=LA_PAZ["partners"],
        editors=[editor],
    )
    if member.plans.exists():
        return member
    plan = domain.create_plan(member=member, by=editor, **PLAN)
    commitment = Commitment.objects.create(plan=plan, position=0, **COMMITMENT)
    milestones = [
        Milestone.objects.create(commitment=commitment, title=title, due_on=due_on)
        for title, due_on in MILESTONES
    ]
    domain.submit_plan(plan=plan, by=editor)
    domain.publish_plan(plan=plan, by=coordinator)
    for milestone in milestones:
        domain.mark_milestone_done(milestone=milestone, by=editor, done_on=milestone.due_on)
    report = EndOfCommitmentReport.objects.create(commitment=commitment, **REPORT)
    EvidenceLink.objects.bulk_create(
        EvidenceLink(report=report, label=label, url=url) for label, url in EVIDENCE
    )
    domain.submit_report(report=report, by=editor)
    domain.publish_report(report=report, by=coordinator)
    return member
