"""Finding form fields by their visible label, as a person would."""

import re


def field(page, label):
    """The field whose label is exactly ``label`` (crispy forms may add a required-field '*')."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))
