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


def fill_section_answers(page, answer, words):
    """Answer every question of a section form: ``answer`` in the text areas, ``words`` in the
    short text boxes, 3 in the number boxes, the first real choice of each list, 1 June 2025 in
    the date fields."""
    for textarea in page.locator("main form textarea").all():
        textarea.fill(answer)
    for box in page.locator("main form input[type=text]:not([inputmode=numeric])").all():
        box.fill(words)
    for box in page.locator("main form input[type=number]").all():
        box.fill("3")
    for select in page.locator("main form select").all():
        select.select_option(index=1)
    for group in page.locator("main form .date-parts").all():
        group.locator("input").first.fill("1")
        group.locator("select").select_option("6")
        group.locator("input").last.fill("2025")
