"""The form a new call starts from, drawn from OGP Local's minimum criteria.

Coordinators edit it per call in the admin; this is only the starting point.
Texts are marked for translation so the form reads in the applicant's language
until a coordinator rewrites it.
"""

from django.utils.translation import gettext_noop as _

from .enums import QuestionKind

THEMES = [
    _("Open contracting and public procurement"),
    _("Citizen participation and participatory budgeting"),
    _("Climate and environment"),
    _("Gender and inclusion"),
    _("Open data and digital government"),
    _("Anti-corruption and integrity"),
    _("Public services"),
]

DEFAULT_FORM = [
    {
        "title": _("Reasons and ambition"),
        "description": _(
            "Why your government wants to join OGP Local and what it hopes to change."
        ),
        "questions": [
            {"text": _("Why does your government want to join OGP Local?")},
            {
                "text": _(
                    "What open government reforms do you aim for, in line with OGP's priorities?"
                ),
                "help_text": _("Be concrete: the problems you want to solve and for whom."),
            },
        ],
    },
    {
        "title": _("Open government track record"),
        "description": _(
            "At least one open government reform or co-creation experience of the past three "
            "years. Taking part in national open government work counts."
        ),
        "questions": [
            {
                "text": _("Transparency: reforms of the past three years"),
                "help_text": _(
                    "For example an open data portal, access to information, open budgets."
                ),
            },
            {
                "text": _("Citizen participation: experiences of the past three years"),
                "help_text": _("For example participatory budgets, citizen councils, datathons."),
            },
            {
                "text": _("Accountability: mechanisms of the past three years"),
                "required": False,
            },
            {
                "text": _("When did your most recent co-creation process with civil society end?"),
                "kind": QuestionKind.DATE,
                "required": False,
            },
        ],
    },
    {
        "title": _("Capacity and resources"),
        "description": _("The people and means that will carry the work."),
        "questions": [
            {
                "text": _("Named government staff who will work on OGP Local"),
                "help_text": _("Name, position and office of each person."),
            },
            {
                "text": _("Named civil-society counterparts"),
                "help_text": _("Name and organisation of each person."),
            },
            {
                "text": _("Staff time dedicated to OGP Local (full-time equivalents)"),
                "kind": QuestionKind.NUMBER,
            },
            {
                "text": _("Other resources you will dedicate (budget, spaces, tools)"),
                "required": False,
            },
        ],
    },
    {
        "title": _("Co-creation and monitoring"),
        "questions": [
            {"text": _("How will you co-create the action plan with civil society?")},
            {"text": _("How will implementation be monitored, and by whom?")},
        ],
    },
    {
        "title": _("Benefits and peer learning"),
        "questions": [
            {"text": _("What do you expect joining OGP Local to bring your jurisdiction?")},
            {"text": _("What can you share with peers in the OGP Local community?")},
            {
                "text": _("Your first thematic priority"),
                "kind": QuestionKind.CHOICE,
                "choices": "\n".join(THEMES),
            },
            {
                "text": _("Other thematic priorities"),
                "kind": QuestionKind.SHORT_TEXT,
                "required": False,
            },
        ],
    },
]
