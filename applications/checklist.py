"""The completeness checklist: every piece an application still needs, with where to fix it.

Each rule is a function ``rule(application, context) -> list[ChecklistItem]`` registered
with @checklist_rule. The letters app registers its own rules the same way, so the
applicant sees one list. ``context`` carries what several rules share (the call's
sections and the application's answers) so a checklist costs a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .enums import OrganisationKind

RULES = []


def checklist_rule(rule):
    RULES.append(rule)
    return rule


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    done: bool
    missing: str = ""
    url: str = ""
    # A warning does not block submission once the applicant acknowledges it.
    is_warning: bool = False


@dataclass
class Checklist:
    items: list = field(default_factory=list)

    @property
    def missing(self):
        return [item for item in self.items if not item.done and not item.is_warning]

    @property
    def warnings(self):
        return [item for item in self.items if not item.done and item.is_warning]

    @property
    def is_complete(self):
        return not self.missing

    @property
    def done_count(self):
        return sum(1 for item in self.items if item.done)


def build_checklist(application) -> Checklist:
    from .queries import answers_by_question, form_sections, partners_of

    context = {
        "sections": list(form_sections(application.call)),
        "answers": answers_by_question(application),
        "partners": list(partners_of(application)),
    }
    checklist = Checklist()
    for rule in RULES:
        checklist.items.extend(rule(application, context))
    return checklist


def _url(name, application, **kwargs):
    return reverse(name, kwargs={"reference": application.reference, **kwargs})


@checklist_rule
def lead_government_details(application, context):
    government = application.lead_government
    labels = {
        "name": _("name"),
        "country": _("country"),
        "government_level": _("level of government"),
        "population": _("population"),
        "term_ends_on": _("end of the current term"),
    }
    absent = [label for name, label in labels.items() if getattr(government, name) in (None, "")]
    return [
        ChecklistItem(
            code="lead_government",
            label=_("Lead government facts"),
            done=not absent,
            missing=_("Lead government: add the %(fields)s.") % {"fields": ", ".join(absent)},
            url=_url("application_details", application),
        )
    ]


@checklist_rule
def eligible_country(application, context):
    from .domain import ineligibility_reason

    country = application.lead_government.country
    if not country:
        return []  # reported by lead_government_details
    reason = ineligibility_reason(call=application.call, country=country)
    return [
        ChecklistItem(
            code="eligible_country",
            label=_("Country eligible for the call"),
            done=not reason,
            missing=reason,
            url=_url("application_details", application),
        )
    ]


@checklist_rule
def point_of_contact(application, context):
    labels = {
        "lead_office": _("lead office"),
        "contact_name": _("point of contact"),
        "contact_email": _("contact e-mail"),
    }
    absent = [label for name, label in labels.items() if not getattr(application, name)]
    return [
        ChecklistItem(
            code="contact",
            label=_("Lead office and point of contact"),
            done=not absent,
            missing=_("Contact: add the %(fields)s.") % {"fields": ", ".join(absent)},
            url=_url("application_details", application),
        )
    ]


@checklist_rule
def non_governmental_partner(application, context):
    has_one = any(
        partner.organisation.kind != OrganisationKind.GOVERNMENT for partner in context["partners"]
    )
    return [
        ChecklistItem(
            code="ngo_partner",
            label=_("At least one non-governmental partner"),
            done=has_one,
            missing=_(
                "Partners: add at least one non-governmental partner (civil society, academia, "
                "community group...)."
            ),
            url=_url("partner_add", application),
        )
    ]


@checklist_rule
def required_answers(application, context):
    answers = context["answers"]
    items = []
    for section in context["sections"]:
        unanswered = [
            question
            for question in section.active_questions
            if question.required and not answers.get(question.pk, "").strip()
        ]
        if not any(question.required for question in section.active_questions):
            continue
        items.append(
            ChecklistItem(
                code=f"section_{section.pk}",
                label=section.title,
                done=not unanswered,
                missing=_("%(section)s: still to answer: %(questions)s.")
                % {
                    "section": section.title,
                    "questions": "; ".join(f"“{question.text}”" for question in unanswered),
                },
                url=_url("section_edit", application, section_id=section.pk),
            )
        )
    return items


@checklist_rule
def term_long_enough(application, context):
    months = application.term_months_after_deadline
    if months is None:
        return []  # reported by lead_government_details
    minimum = settings.MINIMUM_TERM_MONTHS_AFTER_DEADLINE
    return [
        ChecklistItem(
            code="term",
            label=_("At least %(months)d months of term after the deadline") % {"months": minimum},
            done=months >= minimum,
            missing=term_warning(application, months, minimum),
            url=_url("application_details", application),
            is_warning=True,
        )
    ]


def term_warning(application, months, minimum):
    values = {
        "date": date_format(application.lead_government.term_ends_on, "DATE_FORMAT"),
        "months": months,
        "minimum": minimum,
    }
    if months < 0:
        return (
            _(
                "The current term ends on %(date)s, before the call's deadline; OGP Local asks "
                "for at least %(minimum)d months after it. You may still submit if you "
                "acknowledge this."
            )
            % values
        )
    return (
        _(
            "The current term ends on %(date)s, %(months)d months after the call's deadline; "
            "OGP Local asks for at least %(minimum)d. You may still submit if you acknowledge this."
        )
        % values
    )


# The applicant's path, in order; each step owns the checklist items whose code starts so.
STEP_CODES = [
    ("details", ("lead_government", "eligible_country", "contact", "term")),
    ("partners", ("ngo_partner",)),
    ("sections", ("section_",)),
    ("letters", ("intent_", "civil_society_letter")),
]


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    url: str
    done: bool
    missing: list


def application_steps(application, checklist):
    """The steps of the guided application (details, partners, sections, letters, review
    and submit), each done when its checklist items are, and the URL of the one next step."""
    labels = {
        "details": _("Details"),
        "partners": _("Partners"),
        "sections": _("Questions"),
        "letters": _("Letters"),
        "submit": _("Review and submit"),
    }
    default_urls = {
        "details": _url("application_details", application),
        "partners": _url("partner_add", application),
        "sections": application.get_absolute_url(),
        "letters": _url("letters_manage", application),
    }
    steps = []
    for code, prefixes in STEP_CODES:
        items = [item for item in checklist.items if item.code.startswith(prefixes)]
        missing = [item for item in items if not item.done and not item.is_warning]
        url = missing[0].url if missing and missing[0].url else default_urls[code]
        steps.append(Step(code, labels[code], url, not missing, missing))
    steps.append(
        Step("submit", labels["submit"], _url("application_submit", application), False, [])
    )
    next_step = next((step for step in steps if not step.done), steps[-1])
    return steps, next_step
