"""Call content edited in every language side by side (django-modeltranslation's admin).

modeltranslation replaces each translated field (``title``) by one field per enabled language
(``title_en``, ``title_es``, …). ``LanguageLabels`` names each by its language ("Title —
Spanish") instead of the library's "title [es]", and ``languages_fieldset`` groups one
text's languages in one fieldset (``desk/languages.css`` lays them out side by side).
"""

from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


class LanguageLabels:
    """Mixed into modeltranslation's admin classes: labels say the language in words."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None:
            field.label = format_lazy(
                "{} — {}", capfirst(original.verbose_name), language_name(db_field.language)
            )
        return field


def languages_fieldset(model, field: str, description=None):
    """One fieldset holding ``field`` in every language (modeltranslation expands the name)."""
    options = {"fields": [field], "classes": ["desk-languages"]}
    if description:
        options["description"] = description
    return (capfirst(model._meta.get_field(field).verbose_name), options)
