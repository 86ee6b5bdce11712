"""Who may do what with an application (django-rules predicates, checked in every view)."""

import rules

from .enums import ApplicationStatus, EditorRole


@rules.predicate
def is_editor(user, application):
    if not user.is_authenticated or application is None:
        return False
    return application.editors.filter(user=user).exists()


@rules.predicate
def is_owner(user, application):
    if not user.is_authenticated or application is None:
        return False
    return application.editors.filter(user=user, role=EditorRole.OWNER).exists()


@rules.predicate
def is_draft_in_open_call(user, application):
    return application is not None and application.is_editable


@rules.predicate
def is_withdrawable(user, application):
    return (
        application is not None
        and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
        and application.call.is_open
    )


rules.add_perm("applications.see_application", is_editor)
rules.add_perm("applications.change_application_content", is_editor & is_draft_in_open_call)
rules.add_perm("applications.invite_editor", is_editor & is_draft_in_open_call)
rules.add_perm("applications.submit_application", is_editor & is_draft_in_open_call)
rules.add_perm("applications.withdraw_application", is_owner & is_withdrawable)
