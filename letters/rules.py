"""Who may read a letter as staff (django-rules), asked by name:
``user.has_perm("letters.review_letter", application)``. Editors of the application reach
their letters through the editor filter in ``queries.py``; this rule is the staff side."""

import rules


@rules.predicate
def is_staff_with_letter_access(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("letters.view_letter")
    )


@rules.predicate
def may_read_application(user, application):
    # Named, not imported: the review's rule lives above this app. Without it, nobody passes.
    return application is not None and user.has_perm("reviews.read_application", application)


rules.add_perm("letters.review_letter", is_staff_with_letter_access & may_read_application)
