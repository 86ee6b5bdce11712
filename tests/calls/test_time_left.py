"""Time left before a deadline, as people say it, in each language, around each boundary."""

import datetime

import pytest
from django.utils import translation

from calls.formatting import time_left

NOW = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=datetime.UTC)


def left(language, **delta):
    with translation.override(language):
        return time_left(NOW + datetime.timedelta(**delta), now=NOW)


@pytest.mark.parametrize(
    ("delta", "en", "es", "fr", "pt"),
    [
        # The case: eight weeks is eight weeks, not "1 month, 4 weeks".
        ({"weeks": 8}, "8 weeks left", "quedan 8 semanas", "encore 8 semaines", "faltam 8 semanas"),
        ({"days": 69}, "9 weeks left", "quedan 9 semanas", "encore 9 semaines", "faltam 9 semanas"),
        # From ten weeks on, months, rounded, and said to be about.
        (
            {"days": 70},
            "about 2 months left",
            "quedan unos 2 meses",
            "encore environ 2 mois",
            "faltam cerca de 2 meses",
        ),
        (
            {"days": 200},
            "about 7 months left",
            "quedan unos 7 meses",
            "encore environ 7 mois",
            "faltam cerca de 7 meses",
        ),
        ({"days": 14}, "2 weeks left", "quedan 2 semanas", "encore 2 semaines", "faltam 2 semanas"),
        # The last fortnight in days...
        (
            {"days": 13, "hours": 23},
            "13 days left",
            "quedan 13 días",
            "encore 13 jours",
            "faltam 13 dias",
        ),
        ({"days": 2}, "2 days left", "quedan 2 días", "encore 2 jours", "faltam 2 dias"),
        # ... the last two days in hours...
        (
            {"days": 1, "hours": 23, "minutes": 59},
            "47 hours left",
            "quedan 47 horas",
            "encore 47 heures",
            "faltam 47 horas",
        ),
        ({"hours": 1}, "1 hour left", "queda 1 hora", "encore 1 heure", "falta 1 hora"),
        # ... and the last hour in minutes.
        (
            {"minutes": 59, "seconds": 59},
            "59 minutes left",
            "quedan 59 minutos",
            "encore 59 minutes",
            "faltam 59 minutos",
        ),
        ({"seconds": 30}, "1 minute left", "queda 1 minuto", "encore 1 minute", "falta 1 minuto"),
    ],
)
def test_time_left_reads_as_people_say_it(delta, en, es, fr, pt):
    assert [left(lang, **delta) for lang in ("en", "es", "fr", "pt")] == [en, es, fr, pt]


@pytest.mark.parametrize("delta", [{"seconds": 0}, {"seconds": -1}, {"days": -3}])
def test_nothing_is_left_once_the_deadline_has_passed(delta):
    assert left("en", **delta) == ""


def test_no_deadline_no_words():
    assert time_left(None) == ""
