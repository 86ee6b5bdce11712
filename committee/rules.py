"""Who may take part in the committee's room (django-rules), asked by name.

The discussion of an application is open to the coordinators and to its assigned reviewers
without a conflict once their own review is submitted, so no one anchors on the others: the
very rule of ``reviews.see_other_reviews``, asked here by name so that the conflict rule
(declared, on the applicant's side, or from its country) stays written once, in reviews.
"""

import rules

from accounts.rules import is_coordinator


@rules.predicate
def sees_other_reviews(user, application):
    return application is not None and user.has_perm("reviews.see_other_reviews", application)


rules.add_perm("committee.discuss_application", sees_other_reviews)
# The meeting (ranking, cohort, shortlist, decisions, minutes) and the call's charts show
# every application and every reviewer's scores: coordinators only.
rules.add_perm("committee.hold_meeting", is_coordinator)
