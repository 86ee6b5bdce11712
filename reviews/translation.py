"""The criteria reviewers score, one column per language (django-modeltranslation).

Decision e-mails are already one ``DecisionEmailTemplate`` row per language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "guidance")
