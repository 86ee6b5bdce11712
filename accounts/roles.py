"""The Support Unit's two staff roles, as Django groups with model permissions.

Roles are data at the bottom of the project: every app may read them, none is needed to
define them. What each role may do is written in ``ROLE_DESCRIPTIONS`` (shown on the staff
desk) and in docs/domain.md; the predicates that read a user's roles are in ``accounts.rules``.
The object rules (which application a reviewer may read, score, step aside from) live in each
data app's ``rules.py``.

The permissions below name models of apps above this one by their label only (strings), so
accounts imports none of them. reviews migration 0002 creates the groups. After every migrate (and every flush, as in tests) the
groups get their permissions again, including those of apps migrated after this one (packets).
"""

from django.utils.translation import gettext_lazy as _

COORDINATOR_GROUP = "coordinator"
REVIEWER_GROUP = "reviewer"

COORDINATOR_PERMISSIONS = {
    "accounts": ["view_user"],
    "applications": [
        "view_application",
        "change_application",
        "view_organisation",
        "view_partner",
        "view_answer",
        "view_applicationeditor",
        "view_editorinvitation",
        "view_applicationevent",
        "view_changerequest",
        "add_changerequest",
        "change_changerequest",
        "view_extension",
        "add_extension",
    ],
    "letters": ["view_letter", "view_letterinvitation"],
    "packets": ["view_packet", "render_packet"],
    "reviews": [
        f"{action}_{model}"
        for model in [
            "criterion",
            "reviewer",
            "assignment",
            "conflictofinterest",
            "decision",
            "decisionemailtemplate",
        ]
        for action in ["add", "change", "delete", "view"]
    ]
    + [
        "view_candidacy",
        "change_candidacy",
        "view_stagechange",
        "view_review",
        "view_score",
        "view_rankedapplication",
    ],
}
REVIEWER_PERMISSIONS = {
    "applications": ["view_application", "view_partner", "view_answer"],
    "letters": ["view_letter"],
    "packets": ["view_packet"],
    "reviews": ["view_review", "view_conflictofinterest"],
}
ROLE_DESCRIPTIONS = {
    COORDINATOR_GROUP: _(
        "Coordinator: sees every call, application, letter, packet and review; sets the "
        "criteria; enlists and assigns reviewers; records and withdraws conflicts of interest; "
        "moves applications through the review stages; records and releases decisions; "
        "publishes the results."
    ),
    REVIEWER_GROUP: _(
        "Reviewer: sees only the applications assigned to them without a declared conflict, "
        "with their letters and packet; scores each one and submits the review once; declares "
        "or withdraws their own conflict of interest; sees the other reviews only after "
        "submitting their own."
    ),
}
ROLES = {COORDINATOR_GROUP: COORDINATOR_PERMISSIONS, REVIEWER_GROUP: REVIEWER_PERMISSIONS}


def grant_roles(group_model, permission_model):
    """Create both groups with their permissions; the models are passed so that a migration can
    use its historical ones."""
    for name, wanted in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        for app_label, codenames in wanted.items():
            group.permissions.add(
                *permission_model.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def ensure_roles():
    from django.contrib.auth.models import Group, Permission

    grant_roles(Group, Permission)


def appoint_coordinator(user):
    """Make ``user`` a coordinator, with access to the admin."""
    from django.contrib.auth.models import Group

    ensure_roles()
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def grant_roles_after_migrate(sender, **kwargs):
    """post_migrate receiver: once the last app has its permissions, give the roles theirs."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.label == last.label:
        ensure_roles()
