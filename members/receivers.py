"""What the members room listens to: a released decision admits a member."""

from reviews.signals import decision_released


def connect():
    from .domain import admit_on_release  # noqa: PLC0415 (domain imports models: after app loading)

    decision_released.connect(admit_on_release, dispatch_uid="members.admit_on_release")
