"""Operations on calls."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .defaults import DEFAULT_FORM
from .models import Call, Question, Section


@transaction.atomic
def add_default_form(*, call: Call) -> list[Section]:
    """Give a call without sections the default OGP Local form, translated to the active language."""
    if call.sections.exists():
        return list(call.sections.all())
    sections = []
    for section_position, spec in enumerate(DEFAULT_FORM, start=1):
        section = Section.objects.create(
            call=call,
            title=gettext(spec["title"]),
            description=gettext(spec.get("description", "")) if spec.get("description") else "",
            position=section_position,
        )
        Question.objects.bulk_create(
            Question(
                section=section,
                text=gettext(question["text"]),
                help_text=gettext(question["help_text"]) if question.get("help_text") else "",
                kind=question.get("kind", Question._meta.get_field("kind").default),
                choices="\n".join(
                    gettext(line) for line in question.get("choices", "").splitlines()
                ),
                required=question.get("required", True),
                position=question_position,
            )
            for question_position, question in enumerate(spec["questions"], start=1)
        )
        sections.append(section)
    return sections


def publish_results(*, call: Call, now=None) -> Call:
    """Open the call's public record (candidates, released decisions, consented letters)."""
    if call.results_published_at is None:
        call.results_published_at = now or timezone.now()
        call.save(update_fields=["results_published_at"])
    return call


def unpublish_results(*, call: Call) -> Call:
    call.results_published_at = None
    call.save(update_fields=["results_published_at"])
    return call
