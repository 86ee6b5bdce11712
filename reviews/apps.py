from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and decisions")

    def ready(self):
        from django.db.models.signals import post_migrate

        from applications.signals import application_submitted

        from .domain import open_candidacy_on_submission
        from .roles import grant_roles_after_migrate

        application_submitted.connect(
            open_candidacy_on_submission, dispatch_uid="reviews_open_candidacy"
        )
        post_migrate.connect(grant_roles_after_migrate, dispatch_uid="reviews_grant_roles")
