"""Open data of the Monitoring Bodies' published assessments (docs/open-data.md).

Field names are stable; add fields, never rename them. Only published assessments appear.
The evaluator is named, as OGP's own reports name them; no comments, no monitors' e-mails.
"""

from members.records import row

from .queries import published_end_of_commitment_assessments, published_inception_assessments

SCHEMA_VERSION = 1

ASSESSMENT_COLUMNS = [
    "id",
    "kind",
    "member_id",
    "member",
    "country",
    "monitoring_body",
    "evaluator",
    "action_plan",
    "commitment",
    "published_at",
    "answers",
    "progress",
    "as_planned",
    "open_government",
    "addressed_problem",
    "evidence",
    "url",
]
OPEN_GOVERNMENT_VALUES = ("access_to_information", "civic_participation", "public_accountability")


def _common(assessment, plan, absolute_url):
    member = plan.member
    body = getattr(member, "monitoring_body", None)
    return {
        "id": assessment.pk,
        "kind": str(assessment.kind),
        "member_id": member.pk,
        "member": member.name,
        "country": member.country.code,
        "monitoring_body": body.name if body else None,
        "evaluator": assessment.evaluator_name,
        "action_plan": plan.title,
        "published_at": assessment.published_at.isoformat(),
        "url": absolute_url(assessment.get_absolute_url()),
    }


def assessment_records(absolute_url):
    records = []
    for assessment in published_inception_assessments().select_related(
        "plan__member__monitoring_body"
    ):
        records.append(
            {
                **_common(assessment, assessment.plan, absolute_url),
                "commitment": None,
                "answers": {answer["name"]: answer["answer"] for answer in assessment.answers()},
                "progress": None,
                "as_planned": None,
                "open_government": None,
                "addressed_problem": None,
                "evidence": [],
            }
        )
    for assessment in published_end_of_commitment_assessments().select_related(
        "commitment__plan__member__monitoring_body"
    ):
        records.append(
            {
                **_common(assessment, assessment.commitment.plan, absolute_url),
                "commitment": assessment.commitment.title,
                "answers": None,
                "progress": assessment.progress,
                "as_planned": assessment.as_planned,
                "open_government": {
                    value: getattr(assessment, f"{value}_degree") or None
                    if getattr(assessment, value)
                    else "no"
                    for value in OPEN_GOVERNMENT_VALUES
                },
                "addressed_problem": assessment.addressed_problem,
                "evidence": [link.url for link in assessment.evidence.all()],
            }
        )
    return records


def csv_row(record):
    """A record as CSV cells: answers and open-government results as ``name=value`` pairs."""
    flat = dict(record)
    for key in ("answers", "open_government"):
        if flat[key] is not None:
            flat[key] = [f"{name}={_cell(value)}" for name, value in flat[key].items()]
    return row(flat, ASSESSMENT_COLUMNS)


def _cell(value):
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value
