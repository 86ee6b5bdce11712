from django.db import models
from django.utils.translation import gettext_lazy as _


class CallPhase(models.TextChoices):
    """Where a call stands; derived from the clock, never stored."""

    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    LONG_TEXT = "long_text", _("Long text")
    SHORT_TEXT = "short_text", _("Short text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")


class CallStage(models.TextChoices):
    """Which stage of OGP's process a call is (docs/two-stage-calls.md); derived, never stored."""

    SINGLE = "single", _("Single-stage call")
    EXPRESSION_OF_INTEREST = "expression_of_interest", _("Expression of interest")
    FULL_APPLICATION = "full_application", _("Full application")
