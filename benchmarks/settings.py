"""Production settings for the benchmarks, with one difference: static files are served
from their folders (no collected manifest), since no benchmark asks for them."""

from ogp_portal.settings import *  # noqa: F403
from ogp_portal.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Every simulated user signs in from 127.0.0.1: allauth's per-address limit on sign-ins
# (30 a minute by default) would refuse real applicants who, at a deadline, come from as
# many addresses as there are of them. Failed sign-ins stay limited as in production.
from ogp_portal.settings import ACCOUNT_RATE_LIMITS  # noqa: E402

ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}
