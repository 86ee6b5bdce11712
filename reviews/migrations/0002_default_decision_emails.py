"""The default decision e-mails, one per language (coordinators edit them on the desk; a call
may have its own). The coordinator and reviewer groups are made after every migration
(accounts.roles.grant_roles_after_migrate), once every model has its permissions."""

from django.db import migrations


def create_default_decision_emails(apps, schema_editor):
    from reviews.defaults import DEFAULT_DECISION_EMAILS

    DecisionEmailTemplate = apps.get_model("reviews", "DecisionEmailTemplate")
    for language, template in DEFAULT_DECISION_EMAILS.items():
        DecisionEmailTemplate.objects.get_or_create(
            call=None, language=language, defaults=template
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [
        migrations.RunPython(create_default_decision_emails, migrations.RunPython.noop),
    ]
