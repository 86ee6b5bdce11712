"""The letter rules of the completeness checklist (registered with applications' checklist as
one rule, ``letter_items``), and the letters page's narrower ``application_letter_items()``,
which runs the same rule without the rest of the checklist."""

from django.urls import reverse
from django.utils.translation import gettext as _

from applications.checklist import ChecklistItem, checklist_rule
from applications.enums import OrganisationKind
from applications.queries import partners_of

from .enums import LetterKind
from .models import Letter


def _letters_url(application):
    return reverse("letters_manage", kwargs={"reference": application.reference})


@checklist_rule
def letter_items(application, context):
    """Every letter the application needs; ``context["partners"]`` are its partners."""
    return letters_of_intent(application, context) + civil_society_support(application, context)


def application_letter_items(application):
    """The checklist's letter items alone, for the letters page (one query for the partners,
    then the rule's own)."""
    return letter_items(application, {"partners": list(partners_of(application))})


def letters_of_intent(application, context):
    """A letter of intent signed by the head of every government in the application."""
    governments = [application.lead_government] + [
        partner.organisation
        for partner in context["partners"]
        if partner.organisation.kind == OrganisationKind.GOVERNMENT
    ]
    covered = set(
        Letter.objects.current()
        .filter(application=application, kind=LetterKind.INTENT)
        .values_list("government_id", flat=True)
    )
    return [
        ChecklistItem(
            code=f"intent_{government.pk}",
            label=_("Letter of intent from %(government)s") % {"government": government.name},
            done=government.pk in covered,
            missing=_(
                "Letters: upload the letter of intent of %(government)s, signed by its highest "
                "authority (mayor, governor) or an official with delegated authority."
            )
            % {"government": government.name},
            url=_letters_url(application),
        )
        for government in governments
    ]


def civil_society_support(application, context):
    has_one = (
        Letter.objects.current()
        .filter(application=application, kind=LetterKind.CIVIL_SOCIETY)
        .exists()
    )
    return [
        ChecklistItem(
            code="civil_society_letter",
            label=_("At least one letter of support from a non-governmental organisation"),
            done=has_one,
            missing=_(
                "Letters: add a letter of support from a non-governmental organisation, or "
                "invite one to upload it."
            ),
            url=_letters_url(application),
        )
    ]
