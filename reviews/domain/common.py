"""What the review's domain modules share."""

from applications.enums import ApplicationStatus

# Applications the committee may still work on.
REVIEWABLE_STATUSES = {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW}


def with_history_author(instance, user):
    """Name ``user`` as the author of the next history record of ``instance``."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    return instance
