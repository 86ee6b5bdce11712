"""The retention rule (settings.RETENTION), applied by beat once a day (records.tasks).

- Letters and packets of applications not admitted: their files are deleted through the storage
  API (S3 too) ``letters_of_not_admitted_months`` after the decision was released; the rows stay
  with their size and SHA-256, so the archive and the history still say what there was.
- Accounts whose e-mail address was never verified: deleted ``unverified_accounts_days`` after
  sign-up, unless they are staff or edit an application or a member.
- Applications never submitted: deleted with their files ``unsubmitted_drafts_months`` after
  their call closed.

What was published is never touched: members, and the letters of a call whose results are
published when the applicant agreed to their publication.
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import RetentionRecord


def cutoffs(now, rules):
    return {
        "letters": now - relativedelta(months=rules["letters_of_not_admitted_months"]),
        "accounts": now - relativedelta(days=rules["unverified_accounts_days"]),
        "drafts": now - relativedelta(months=rules["unsubmitted_drafts_months"]),
    }


def apply_retention(*, now=None, rules=None) -> RetentionRecord:
    now = now or timezone.now()
    rules = rules or settings.RETENTION
    limits = cutoffs(now, rules)
    details = {}
    letters, packets = _expired_files(limits["letters"], details)
    drafts = _expired_drafts(limits["drafts"], details)
    accounts = _expired_accounts(limits["accounts"], details)
    return RetentionRecord.objects.create(
        ran_at=now,
        letter_files_deleted=letters,
        packet_files_deleted=packets,
        drafts_deleted=drafts,
        accounts_deleted=accounts,
        rules=dict(rules),
        details=details,
    )


def _published_letters():
    return Q(
        application__publication_consent=True, application__call__results_published_at__isnull=False
    )


def _expired_files(cutoff, details):
    from letters.models import Letter
    from packets.models import Packet
    from reviews.enums import DecisionOutcome

    not_admitted = Q(
        application__decision__released_at__lt=cutoff,
        application__member__isnull=True,
    ) & ~Q(application__decision__outcome=DecisionOutcome.ADMITTED)
    letters = (
        Letter.objects.filter(not_admitted)
        .exclude(_published_letters())
        .exclude(file="")
        .values_list("pk", "file")
    )
    letter_ids = _delete_files(Letter, letters)
    packets = Packet.objects.filter(not_admitted).exclude(file="").values_list("pk", "file")
    packet_ids = _delete_files(Packet, packets)
    details["letters"] = letter_ids
    details["packets"] = packet_ids
    return len(letter_ids), len(packet_ids)


def _delete_files(model, rows):
    """Clear the column first, then delete the bytes once that has committed."""
    storage = model._meta.get_field("file").storage
    removed = []
    for pk, name in list(rows.iterator(chunk_size=500)):
        with transaction.atomic():
            model.objects.filter(pk=pk, file=name).update(file="")
            if not model.objects.filter(file=name).exists():
                transaction.on_commit(lambda name=name: storage.delete(name))
        removed.append(pk)
    return removed


def _expired_drafts(cutoff, details):
    from applications.enums import ApplicationStatus
    from applications.models import Application
    from letters.models import Letter

    drafts = Application.objects.filter(status=ApplicationStatus.DRAFT, call__closes_at__lt=cutoff)
    ids = list(drafts.values_list("pk", flat=True))
    storage = Letter._meta.get_field("file").storage
    for application_id in ids:
        with transaction.atomic():
            names = list(
                Letter.objects.filter(application_id=application_id)
                .exclude(file="")
                .values_list("file", flat=True)
            )
            application = Application.objects.select_related("lead_government").get(
                pk=application_id
            )
            government = application.lead_government
            application.delete()
            government.delete()
            for name in names:
                transaction.on_commit(lambda name=name: storage.delete(name))
    details["drafts"] = ids
    return len(ids)


def _expired_accounts(cutoff, details):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False)
        .exclude(pk__in=EmailAddress.objects.filter(verified=True).values("user_id"))
        .filter(application_roles__isnull=True, member_roles__isnull=True)
    )
    ids = list(users.values_list("pk", flat=True))
    get_user_model().objects.filter(pk__in=ids).delete()
    details["accounts"] = ids
    return len(ids)
