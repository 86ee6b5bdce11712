"""Labels the desk's lists write once per row, translated once per language instead.

``get_FOO_display()`` builds a dictionary of every choice, translating each label, on every
call; a country's name is looked up and translated on every call too. On a page of 50 rows
with four such columns that is most of the rows' cost. The labels are fixed in code, so each
language's are kept for the life of the process.
"""

from functools import lru_cache

from django.utils.translation import get_language
from django_countries import countries


@lru_cache(maxsize=128)
def _choice_labels(model, field_name, language):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def choice_label(instance, field_name):
    """``instance.get_<field_name>_display()``, translated once per language."""
    value = getattr(instance, field_name)
    labels = _choice_labels(type(instance), field_name, get_language())
    return labels.get(value, value)


@lru_cache(maxsize=16)
def _country_names(language):
    return {code: str(name) for code, name in countries}


def country_name(code):
    """The country's name in the reader's language (``Country.name``), looked up once."""
    return _country_names(get_language()).get(code, "")
