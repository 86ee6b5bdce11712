"""The review's two roles, as Django groups with model permissions.

- coordinator: sees everything, assigns reviewers, moves applications through the pipeline,
  records and releases decisions.
- reviewer: sees only the applications assigned to them (the rows are filtered by reviews.rules
  and reviews.queries; these permissions only open the admin pages).

Migration 0002 creates the groups. After every migrate (and every flush, as in tests) the
groups get their permissions again, including those of apps migrated after this one (packets).
"""

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
