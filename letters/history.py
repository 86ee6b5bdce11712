"""How the letter events of an application's trail read (registered with applications.history)."""

from applications.enums import EventKind
from applications.history import describes

from .enums import LetterKind


@describes(EventKind.LETTER_RECEIVED, EventKind.LETTER_WITHDRAWN)
def _letter_event(event):
    kind = event.data.get("letter_kind")
    if kind in LetterKind.values:
        return f"{LetterKind(kind).label}: {event.detail}"
    return event.detail
