from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and decisions")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from applications.models import ApplicationEditor, EditorInvitation, Partner
        from applications.signals import application_submitted
        from common.kept import watch

        from .domain import open_candidacy_on_submission
        from .models import Reviewer
        from .queries import CRITERIA_SOURCES
        from .receivers import refresh_after_reviewer_change, refresh_after_stake_change

        application_submitted.connect(
            open_candidacy_on_submission, dispatch_uid="reviews_open_candidacy"
        )
        for model in (ApplicationEditor, EditorInvitation, Partner):
            for signal in (post_save, post_delete):
                signal.connect(
                    refresh_after_stake_change,
                    sender=model,
                    dispatch_uid=f"reviews_ranking_{model.__name__}_{signal is post_save}",
                )
        post_save.connect(
            refresh_after_reviewer_change, sender=Reviewer, dispatch_uid="reviews_ranking_reviewer"
        )
        watch(CRITERIA_SOURCES)  # the criteria are kept (reviews.queries.criteria_of)
