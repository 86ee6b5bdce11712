"""What the portal holds, read through the portal itself: every row of its tables (history
tables included), the SHA-256 of every private file read through its storage, each
application's history and each member's open-data record as the portal words them.

``digest()`` runs in the test process (before the backup) and, through ``python -m
tests.backup.digest --migrate``, in a portal process started on the restored servers with
production settings from the environment; the two answers must be equal.
"""

from __future__ import annotations

import hashlib
import json

# The portal's own tables, allauth's (addresses, authenticators) and the staff groups.
APP_LABELS = (
    "accounts",
    "calls",
    "applications",
    "letters",
    "packets",
    "reviews",
    "members",
    "account",
    "mfa",
    "auth",
)


def _models():
    from django.apps import apps

    for label in APP_LABELS:
        yield from apps.get_app_config(label).get_models(include_auto_created=True)


def _plain(value):
    """JSON's own types, the same for both processes."""
    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def rows() -> dict[str, list]:
    """Every row of every table, by model label, in primary-key order (the base manager: no
    manager's filter hides a row, such as withdrawn conflicts)."""
    return {
        model._meta.label: _plain(list(model._base_manager.order_by("pk").values()))
        for model in _models()
    }


def files() -> dict[str, str]:
    """``label:pk:field`` -> SHA-256 of the file's bytes, read through the field's storage."""
    from django.db import models

    found = {}
    for model in _models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field in fields:
            for obj in model._base_manager.exclude(**{field.name: ""}).order_by("pk"):
                with getattr(obj, field.name).open("rb") as stored:
                    digest = hashlib.sha256(stored.read()).hexdigest()
                found[f"{model._meta.label}:{obj.pk}:{field.name}"] = digest
    return found


def readings() -> dict[str, list]:
    """What readers see: each application's history in words, each member's public record."""
    from django.utils import translation

    from applications.history import describe
    from applications.models import Application, ApplicationEvent
    from members.records import member_records

    with translation.override("en"):
        histories = {
            application.reference: [
                [event.kind, describe(event)]
                for event in ApplicationEvent.objects.filter(application=application).order_by("pk")
            ]
            for application in Application.objects.order_by("pk")
        }
        members = _plain(member_records(lambda path: path))
    return {"histories": histories, "members": members}


def digest() -> dict:
    return {"rows": rows(), "files": files(), "readings": readings()}


def main() -> None:
    """With ``--migrate``: ``manage.py migrate`` first (the restore's last step), in the same
    process, which saves a second start of Django; its output goes to stderr."""
    import sys

    import django

    django.setup()
    if "--migrate" in sys.argv:
        from django.core.management import call_command

        call_command("migrate", interactive=False, stdout=sys.stderr)
    print(json.dumps(digest(), sort_keys=True))


if __name__ == "__main__":
    main()
