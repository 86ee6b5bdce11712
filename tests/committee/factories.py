"""A committee in session: a call with applications in committee review, reviewers assigned."""

import time

from reviews import domain as reviews_domain
from tests.reviews.factories import (
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submitted_application,
)


def committee_application(*, call=None, reviewers=2, country="CL", language="en", name=None):
    """An application in committee review with ``reviewers`` assigned reviewers (from France,
    or Kenya for a French application)."""
    reviewer_country = "KE" if country == "FR" else "FR"
    coordinator = make_coordinator()
    application = into_committee_review(
        submitted_application(call=call, country=country, language=language, name=name),
        coordinator,
    )
    assignments = [
        reviews_domain.assign_reviewer(
            application=application,
            reviewer=make_reviewer(reviewer_country),
            assigned_by=coordinator,
        )
        for _ in range(reviewers)
    ]
    return application, coordinator, assignments


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")
