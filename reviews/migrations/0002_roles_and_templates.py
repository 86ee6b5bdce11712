"""The coordinator and reviewer groups with their permissions, the default decision e-mails,
and a candidacy and criteria for what existed before the review arrived.

Model permissions are created after migrations run; they are created here first so that the
groups can be given them on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from reviews.defaults import DEFAULT_CRITERIA, DEFAULT_DECISION_EMAILS, DEFAULT_SCALE
from accounts.roles import grant_roles

SUBMITTED_STATUSES = ["submitted", "under_review", "decided"]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def create_defaults(apps, schema_editor):
    DecisionEmailTemplate = apps.get_model("reviews", "DecisionEmailTemplate")
    for language, template in DEFAULT_DECISION_EMAILS.items():
        DecisionEmailTemplate.objects.get_or_create(
            call=None, language=language, defaults=template
        )
    Criterion = apps.get_model("reviews", "Criterion")
    Call = apps.get_model("calls", "Call")
    scale_min, scale_max = DEFAULT_SCALE
    for call in Call.objects.filter(criteria__isnull=True):
        Criterion.objects.bulk_create(
            Criterion(
                call=call,
                name=spec["name"],
                guidance=spec["guidance"],
                scale_min=scale_min,
                scale_max=scale_max,
                position=position,
            )
            for position, spec in enumerate(DEFAULT_CRITERIA, start=1)
        )
    Application = apps.get_model("applications", "Application")
    Candidacy = apps.get_model("reviews", "Candidacy")
    StageChange = apps.get_model("reviews", "StageChange")
    for application in Application.objects.filter(
        status__in=SUBMITTED_STATUSES, candidacy__isnull=True
    ):
        candidacy = Candidacy.objects.create(application=application)
        StageChange.objects.create(candidacy=candidacy, to_stage=candidacy.stage)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("letters", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
    ]
