"""Who may read a packet (django-rules), asked by name: ``user.has_perm("packets.review_packet",
application)``. Editors of the application reach their own packets through the editor filter
in ``queries.py``; this rule is the staff side."""

import rules


@rules.predicate
def is_staff_with_packet_access(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("packets.view_packet")
    )


@rules.predicate
def may_read_application(user, application):
    # Named, not imported: the review's rule lives above this app. Without it, nobody passes.
    return application is not None and user.has_perm("reviews.read_application", application)


rules.add_perm("packets.review_packet", is_staff_with_packet_access & may_read_application)
