from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and decisions")

    def ready(self):
        from applications.signals import application_submitted

        from .domain import open_candidacy_on_submission

        application_submitted.connect(
            open_candidacy_on_submission, dispatch_uid="reviews_open_candidacy"
        )
