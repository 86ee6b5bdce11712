from django.db.models import Prefetch

from .enums import LetterStatus
from .models import Letter, LetterInvitation

KIND_ORDER = ["intent", "civil_society", "peer"]


def current_letters(application):
    """Current letters in index order: letters of intent first, then support, then peers."""
    letters = list(
        Letter.objects.current()
        .filter(application=application)
        .select_related("government", "uploaded_by", "invitation")
        .order_by("uploaded_at", "id")
    )
    return sorted(letters, key=lambda letter: KIND_ORDER.index(letter.kind))


def past_letters(application):
    return (
        Letter.objects.filter(application=application)
        .exclude(status=LetterStatus.RECEIVED)
        .select_related("government")
        .order_by("-uploaded_at")
    )


def invitations_of(application):
    return (
        LetterInvitation.objects.filter(application=application)
        .prefetch_related(
            Prefetch("letters", queryset=Letter.objects.current(), to_attr="current_letters")
        )
        .order_by("created_at", "id")
    )


def current_letter_of(invitation):
    return invitation.letters.current().order_by("-uploaded_at").first()


def letter_for_download(user, reference, letter_id):
    """The letter if ``user`` edits its application, or reviews it (assigned reviewer without a
    conflict, or coordinator); None otherwise."""
    if not user.is_authenticated:
        return None
    letter = (
        Letter.objects.filter(pk=letter_id, application__reference=reference)
        .select_related("application")
        .first()
    )
    if letter is None or not letter.file:  # a replaced letter's file is deleted
        return None
    if letter.application.editors.filter(user=user).exists():
        return letter
    if user.has_perm("letters.review_letter", letter.application):
        return letter
    return None
