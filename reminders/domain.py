"""Sending the reminders that are due, once each; turning reminders off and on.

Once each: a reminder's row and its e-mail share one transaction. The row is inserted first;
the unique key (kind, what it is about, recipient, occasion) makes a second beat run that
finds the same reminder wait for the first one's transaction and then skip it. The e-mail is
sent before the commit: if the process dies between the send and the commit, the row is
rolled back and the next run sends the reminder again. We chose a rare duplicate over a
reminder lost for good (the other order, commit then send, loses it on the same crash).
"""

import logging
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from applications.mail import send_mail_in_language

from .enums import REQUIRED_BECAUSE, ReminderKind, is_required, optional_kinds
from .models import Reminder, ReminderOptOut
from .queries import FINDERS, link

logger = logging.getLogger(__name__)


def due_reminders(*, now=None):
    """Every reminder due at ``now`` not yet sent and not turned off by its recipient."""
    now = now or timezone.now()
    dues = [due for finder in FINDERS for due in finder(now)]
    if not dues:
        return []
    sent = _sent_keys(dues)
    turned_off = set(
        ReminderOptOut.objects.filter(
            user__in={due.recipient.pk for due in dues if due.recipient is not None}
        ).values_list("user_id", "kind")
    )
    return [
        due
        for due in dues
        if due.key not in sent
        and not (
            due.recipient is not None
            and not is_required(due.kind)
            and (due.recipient.pk, due.kind) in turned_off
        )
    ]


def _sent_keys(dues):
    """The keys of ``dues`` already sent: one query per kind of object reminded about."""
    by_model = defaultdict(set)
    for due in dues:
        by_model[type(due.about)].add(due.about.pk)
    sent = set()
    for model, ids in by_model.items():
        content_type = ContentType.objects.get_for_model(model)  # cached after the first
        for kind, about_id, email, occasion in Reminder.objects.filter(
            about_type=content_type, about_id__in=ids
        ).values_list("kind", "about_id", "email", "occasion"):
            sent.add((kind, model._meta.label_lower, about_id, email, occasion))
    return sent


def send_due_reminders(*, now=None) -> int:
    """Send what is due at ``now`` (beat's task calls this); returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for due in due_reminders(now=now):
        try:
            sent += send_reminder(due=due, now=now)
        except Exception:
            # One bad address or template must not stop the others; the next run tries again.
            logger.exception("reminder %s to %s failed", due.kind, due.email)
    return sent


def send_reminder(*, due, now) -> bool:
    """Record and send one reminder in one transaction; False if another run sent it."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    kind=due.kind,
                    occasion=due.occasion,
                    recipient=due.recipient,
                    email=due.email,
                    language=due.language,
                    call=due.call,
                    about_type=ContentType.objects.get_for_model(type(due.about)),
                    about_id=due.about.pk,
                    sent_at=now,
                )
        except IntegrityError:
            return False
        context = {
            **due.context,
            "recipient": due.recipient,
            "required_because": REQUIRED_BECAUSE.get(due.kind, ""),
            "preferences_link": link("reminder_preferences") if due.recipient else "",
        }
        if due.details is not None:
            with translation.override(due.language):
                context.update(due.details(context))
        send_mail_in_language(
            to=[due.email], template=due.template, context=context, language=due.language
        )
    return True


def turned_off_kinds(*, user) -> set:
    return set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))


def set_reminder_preferences(*, user, wanted, shown=None) -> None:
    """Of the optional reminders ``shown`` to the user (all by default), keep those in
    ``wanted`` on and turn the others off; required reminders cannot be turned off."""
    wanted = {ReminderKind(kind) for kind in wanted}
    shown = [kind for kind in (shown or optional_kinds()) if not is_required(kind)]
    off = [kind for kind in shown if kind not in wanted]
    with transaction.atomic():
        ReminderOptOut.objects.filter(user=user, kind__in=shown).exclude(kind__in=off).delete()
        ReminderOptOut.objects.bulk_create(
            [ReminderOptOut(user=user, kind=kind) for kind in off], ignore_conflicts=True
        )
