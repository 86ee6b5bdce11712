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
        and application.status
        in (
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.CHANGES_REQUESTED,
        )
        and application.before_deadline()
    )


@rules.predicate
def is_editor_of_its_application(user, obj):
    """For an invitation or an editor row: the user edits the application it belongs to."""
    return obj is not None and is_editor(user, obj.application)


@rules.predicate
def is_owner_of_its_application(user, obj):
    return obj is not None and is_owner(user, obj.application)


@rules.predicate
def is_this_editor(user, editor):
    return editor is not None and user.is_authenticated and editor.user_id == user.pk


rules.add_perm("applications.see_application", is_editor)
rules.add_perm("applications.change_application_content", is_editor & is_draft_in_open_call)
rules.add_perm("applications.invite_editor", is_editor & is_draft_in_open_call)
rules.add_perm("applications.submit_application", is_editor & is_draft_in_open_call)
rules.add_perm("applications.withdraw_application", is_owner & is_withdrawable)
# Any editor may invite, so any editor may withdraw an invitation; owners remove editors, and
# an editor may leave (applications.editors.remove_editor keeps the last owner).
rules.add_perm("applications.withdraw_editor_invitation", is_editor_of_its_application)
rules.add_perm("applications.remove_editor", is_owner_of_its_application | is_this_editor)
