"""The texts of a call that applicants and reviewers read, one column per language.

django-modeltranslation adds ``title_en``, ``title_es``, … next to each field; reading
``call.title`` gives the active language's text, falling back (settings
MODELTRANSLATION_FALLBACK_LANGUAGES) where a translation is missing. ``domain.missing_translations``
lists the gaps, and a call does not open with gaps unless the coordinator says so.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, Question, Section


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "choices")
