from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The Support Unit's desk: the Django admin customised for coordinators and reviewers.

    An interface app: it imports the data apps (accounts, calls, applications, letters,
    reviews, packets) and nothing imports it.
    """

    name = "desk"
    verbose_name = _("Support Unit desk")

    def ready(self):
        from django.contrib import admin

        # /admin/ opens on the desk (the reviewer's queue or the coordinator's pipeline),
        # above the usual list of models.
        admin.site.index_template = "desk/index.html"

        from common.kept import watch

        from .queries import PIPELINE_SOURCES

        watch(PIPELINE_SOURCES)  # the desks' kept counts are renewed when what they read changes
