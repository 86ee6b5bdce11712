"""Letter events used to store "<kind, translated>: <organisation>" in their detail. Move the
kind into the event's data as a code, keeping only the organisation's name in the detail; the
"details" code of the details form moves to data too."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

from letters.enums import LetterKind

LETTER_EVENTS = ["letter_received", "letter_withdrawn"]


def structure_events(apps, schema_editor):
    Event = apps.get_model("applications", "ApplicationEvent")
    prefixes = []
    for kind in LetterKind:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                prefixes.append((f"{kind.label}: ", kind.value))
    for event in Event.objects.filter(kind__in=LETTER_EVENTS, data={}):
        for prefix, code in prefixes:
            if event.detail.startswith(prefix):
                event.detail = event.detail[len(prefix) :]
                event.data = {"letter_kind": code}
                event.save(update_fields=["detail", "data"])
                break
    Event.objects.filter(kind="section_saved", detail="details").update(
        detail="", data={"part": "details"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_alter_letter_application_alter_letter_content_type_and_more"),
        ("applications", "0005_event_data"),
    ]

    operations = [migrations.RunPython(structure_events, migrations.RunPython.noop)]
