"""Operations on calls."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator

from .defaults import DEFAULT_FORM
from .exceptions import CallNotReady
from .models import Call, Question, Section


def enabled_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def in_every_language(field: str, msgid: str) -> dict[str, str]:
    """``{"title_en": …, "title_es": …}``: a built-in text through each language's catalogue."""
    values = {}
    for language in enabled_languages():
        with translation.override(language):
            values[f"{field}_{language}"] = (
                "\n".join(gettext(line) for line in msgid.splitlines()) if msgid else ""
            )
    return values


@transaction.atomic
def add_default_form(*, call: Call) -> list[Section]:
    """Give a call without sections the default OGP Local form, in every enabled language."""
    if call.sections.exists():
        return list(call.sections.all())
    sections = []
    for section_position, spec in enumerate(DEFAULT_FORM, start=1):
        section = Section.objects.create(
            call=call,
            position=section_position,
            **in_every_language("title", spec["title"]),
            **in_every_language("description", spec.get("description", "")),
        )
        Question.objects.bulk_create(
            Question(
                section=section,
                **in_every_language("text", question["text"]),
                **in_every_language("help_text", question.get("help_text", "")),
                **in_every_language("choices", question.get("choices", "")),
                kind=question.get("kind", Question._meta.get_field("kind").default),
                required=question.get("required", True),
                position=question_position,
            )
            for question_position, question in enumerate(spec["questions"], start=1)
        )
        sections.append(section)
    return sections


# Translations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MissingTranslation:
    """One text of a call that has a value in some language but not in ``language``."""

    obj: object
    field: str
    language: str

    def __str__(self):
        model = self.obj._meta.verbose_name
        verbose = self.obj._meta.get_field(self.field).verbose_name
        language = translation.get_language_info(self.language)["name_translated"]
        return gettext("%(model)s “%(name)s”: %(field)s in %(language)s") % {
            "model": str(model).capitalize(),
            "name": str(self.obj)[:60],
            "field": verbose,
            "language": language,
        }


def _translated_parts(call: Call) -> list:
    """The call and every object of its content whose texts have a column per language."""
    parts = [call]
    sections = list(call.sections.all())
    parts += sections
    parts += list(Question.objects.active().filter(section__call=call))
    # Other rooms hang translated content on the call (the reviews room: its criteria); any
    # reverse relation whose model is registered with modeltranslation counts.
    for relation in Call._meta.related_objects:
        if relation.related_model in (Section, Call):  # Call: the two-stage link, not content
            continue
        try:
            translator.get_options_for_model(relation.related_model)
        except NotRegistered:
            continue
        parts += list(getattr(call, relation.get_accessor_name()).all())
    return parts


def missing_translations(call: Call, languages=None) -> list[MissingTranslation]:
    """Every text of ``call`` written in some enabled language but missing in another."""
    languages = languages or enabled_languages()
    missing = []
    for obj in _translated_parts(call):
        options = translator.get_options_for_model(type(obj))
        for field in options.fields:
            values = {
                code: (getattr(obj, f"{field}_{code}", None) or "").strip() for code in languages
            }
            if not any(values.values()):
                continue  # left empty in every language: nothing to translate
            missing += [
                MissingTranslation(obj=obj, field=field, language=code)
                for code, value in values.items()
                if not value
            ]
    return missing


@transaction.atomic
def open_call(*, call: Call, now=None, allow_missing_translations: bool = False) -> Call:
    """Open ``call`` for applications now.

    Refused while any enabled language lacks a text of the call (the message names each
    one), unless the coordinator says explicitly to open it anyway: applicants then read the
    fallback language where a translation is missing.
    """
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.closes_at <= now:
        raise CallNotReady(gettext("The deadline has passed: move it before opening the call."))
    if not allow_missing_translations:
        missing = missing_translations(call)
        if missing:
            raise CallNotReady(
                gettext("The call cannot open: translations are missing."),
                missing=[str(item) for item in missing],
            )
    if call.opens_at > now:
        call.opens_at = now
        call.save(update_fields=["opens_at"])
    return call


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
