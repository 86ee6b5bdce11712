"""What each row of the meeting shows, worked out in Python: the template then writes prepared
strings. A row's translated labels and country name are looked up once per page (not once per
row): through the template engine, with a translation and a country lookup per cell, 25 rows
cost more than the rest of the page."""

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from applications.enums import GovernmentLevel
from committee.cohort import population_band_of
from committee.enums import PopulationBand
from reviews.enums import DecisionOutcome, Region
from reviews.regions import region_of

from .admin.reviews.ranking_rows import country_names


def figure(value):
    return "–" if value is None else number_format(value, 2)


class _Texts:
    """The page's translated words and formats, each translated once."""

    def __init__(self):
        self.countries = country_names(get_language())
        self.regions = {value: str(label) for value, label in Region.choices}
        self.levels = {value: str(label) for value, label in GovernmentLevel.choices}
        self.bands = {band: str(band.label) for band in PopulationBand}
        self.outcomes = {value: str(label) for value, label in DecisionOutcome.choices}
        self.released = _("released")
        self.unshortlist = _("Shortlisted: take %(name)s off the shortlist")
        self.shortlist = _("Shortlist %(name)s")
        self.change, self.change_label = _("Change"), _("Change the decision on %(name)s")
        self.decide, self.decide_label = _("Decide"), _("Decide on %(name)s")


def prepare_rows(rows, *, ranks, urls_of):
    """Set on each row (``committee.queries.meeting_rows``) what the meeting's table shows."""
    texts = _Texts()
    for row in rows:
        name = row.lead_government.name
        code = row.country_code
        region = region_of(code)
        row.rank = ranks[row.pk]
        row.urls = urls_of(row.pk)
        row.country_name = texts.countries.get(code, code)
        row.region_label = texts.regions[region.value] if region else ""
        row.level_label = texts.levels.get(row.government_level, "—")
        row.band_label = texts.bands[population_band_of(row.population)]
        row.mean_text = figure(row.weighted_mean)
        row.spread_text = figure(row.spread)
        row.comments_text = ngettext(
            "%(counter)s comment", "%(counter)s comments", row.comment_count
        ) % {"counter": row.comment_count}
        decision = getattr(row, "decision", None)
        row.released = decision is not None and decision.released_at is not None
        row.decision_text = ""
        if decision is not None:
            row.decision_text = texts.outcomes.get(decision.outcome, decision.outcome)
            if row.released:
                row.decision_text += " · " + texts.released
        row.shortlist_label = (texts.unshortlist if row.shortlisted else texts.shortlist) % {
            "name": name
        }
        if decision is not None:
            row.decide_text = texts.change
            row.decide_label = texts.change_label % {"name": name}
        else:
            row.decide_text = texts.decide
            row.decide_label = texts.decide_label % {"name": name}
    return rows
