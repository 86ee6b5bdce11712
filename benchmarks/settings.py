"""Production settings for the benchmarks, with one difference: static files are served
from their folders (no collected manifest), since no benchmark asks for them."""

from ogp_portal.settings import *  # noqa: F403
from ogp_portal.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
