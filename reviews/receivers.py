"""The ranking's figures follow the conflict rule (reviews.conflicts) when a conflict appears
or goes away outside the review: a reviewer made an editor of an application they review,
invited to edit it, named a partner's contact, or given another country."""

from django.db.models import Exists, OuterRef

from applications.models import Application

from .models import Assignment


def _refresh_assigned(applications):
    from .domain import refresh_ranking

    refresh_ranking(
        applications=applications.filter(
            Exists(Assignment.objects.filter(application=OuterRef("pk")))
        )
    )


def refresh_after_stake_change(sender, instance, **kwargs):
    """An editor, an editor invitation or a partner saved or deleted."""
    _refresh_assigned(Application.objects.filter(pk=instance.application_id))


def refresh_after_reviewer_change(sender, instance, **kwargs):
    """A reviewer's profile (their country) saved."""
    _refresh_assigned(Application.objects.filter(assignments__reviewer=instance.user_id))
