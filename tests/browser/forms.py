"""Finding form fields by their visible label, as a person would."""

import re


def field(page, label):
    """The field whose label is exactly ``label`` (crispy forms may add a required-field '*')."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def fill_date(page, label, iso):
    """Fill a day / month / year date field, found by its label, with an ISO date."""
    # The form renders the three parts as a fieldset whose legend is the field's label.
    # (The legend's own fieldset: a form may wrap several date fields in an outer fieldset.)
    group_id = (
        page.locator("legend")
        .filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))
        .first.locator("xpath=..")
        .locator(".date-parts")
        .first.get_attribute("id")
    )
    year, month, day = iso.split("-")
    page.locator(f"#{group_id}_0").fill(str(int(day)))
    page.locator(f"#{group_id}_1").select_option(str(int(month)))
    page.locator(f"#{group_id}_2").fill(year)
