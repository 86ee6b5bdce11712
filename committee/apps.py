from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("Selection committee")

    def ready(self):
        from .figures import connect_sources

        connect_sources()  # the kept figures are renewed when what they show changes
