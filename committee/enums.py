from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationBand(models.TextChoices):
    """How large a jurisdiction is, for balancing a cohort by size.

    Each band holds populations from its lower bound (``POPULATION_BAND_FLOORS``) up to the
    next band's.
    """

    SMALL = "small", _("under 100,000")
    MEDIUM = "medium", _("100,000 to 500,000")
    LARGE = "large", _("500,000 to 2 million")
    VERY_LARGE = "very_large", _("2 million or more")
    UNKNOWN = "unknown", _("population not given")


POPULATION_BAND_FLOORS = [
    (PopulationBand.VERY_LARGE, 2_000_000),
    (PopulationBand.LARGE, 500_000),
    (PopulationBand.MEDIUM, 100_000),
    (PopulationBand.SMALL, 0),
]


class CohortDimension(models.TextChoices):
    """What a cohort is balanced by; a coordinator sets a target per value of each."""

    REGION = "region", _("region")
    GOVERNMENT_LEVEL = "government_level", _("level of government")
    POPULATION_BAND = "population_band", _("population band")
    COUNTRY = "country", _("country")
