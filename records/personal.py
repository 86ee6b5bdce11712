"""A person's own data: what the portal holds about them (``export_person``) and erasure
(``erase_person``), which anonymises the person and keeps what the process needs, saying why.

Erasure replaces the person's e-mail addresses and names wherever they are written, in any
letter case (every text column of every table, the published record apart), deactivates the
account, and removes the signatory names of the letters they uploaded to applications not yet
decided.
"""

import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

# Tables of the public record: members' pages, plans and reports, Local Monitoring Bodies and
# their assessments. Their published rows are never rewritten by an erasure (the published
# record is kept); rows of a table with a status that are not published yet (a draft plan,
# report or assessment) are erased like any other. Every other table, a new one too, is
# rewritten: member editor and monitor invitations, member events, monitoring events.
PUBLIC_TABLES = {
    "members_member",
    "members_memberpartner",
    "members_actionplan",
    "members_commitment",
    "members_milestone",
    "members_endofcommitmentreport",
    "members_evidencelink",
    "monitoring_monitoringbody",
    "monitoring_inceptionassessment",
    "monitoring_endofcommitmentassessment",
    "monitoring_assessmentevidence",
}
PUBLISHED = "published"
# Public tables without a status of their own whose rows are published with their parent's:
# table -> (column of the parent's id, parent's table). Any other public table's rows are all
# published, or those whose status is PUBLISHED.
PUBLISHED_WITH_PARENT = {
    "monitoring_assessmentevidence": ("assessment_id", "monitoring_endofcommitmentassessment"),
}
# Rewritten by the rules above, row by row, not by the blanket replacement.
SKIPPED_TABLES = {"letters_letter", "django_migrations", "accounts_user"}
TEXT_TYPES = ("text", "character varying", "jsonb", "json")


def placeholder_email(user) -> str:
    return f"erased-{user.pk}@erased.invalid"


ERASED_NAME = "[erased]"


def export_person(user) -> dict:
    """Everything held about ``user``, as plain data (no secrets: no password hash, no tokens)."""
    from allauth.account.models import EmailAddress

    from applications.models import ApplicationEditor, EditorInvitation
    from letters.models import Letter, LetterInvitation
    from members.models import MemberEditor, MemberEditorInvitation
    from monitoring.models import MonitorInvitation

    emails = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    addresses = {user.email.lower(), *(email.lower() for email in emails)}
    editing = ApplicationEditor.objects.filter(user=user).select_related(
        "application__call", "application__lead_government"
    )
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "joined": user.date_joined,
            "last_sign_in": user.last_login,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
        },
        "applications": [
            {
                "reference": role.application.reference,
                "call": role.application.call.title,
                "government": role.application.lead_government.name,
                "status": role.application.status,
                "your_role": role.role,
                "contact_name": role.application.contact_name,
                "contact_email": role.application.contact_email,
                "answers": list(
                    role.application.answers.order_by("question_id").values(
                        "question__text", "value", "updated_at"
                    )
                ),
            }
            for role in editing
        ],
        "members": list(MemberEditor.objects.filter(user=user).values("member__name", "added_at")),
        "letters_uploaded": list(
            Letter.objects.filter(uploaded_by=user).values(
                "id",
                "application__reference",
                "kind",
                "author_organisation",
                "signatory_name",
                "signatory_title",
                "signed_on",
                "original_filename",
                "sha256",
                "status",
                "uploaded_at",
            )
        ),
        "invitations_to_you": [
            *_to(EditorInvitation, addresses).values(
                "application__reference", "email", "created_at", "accepted_at"
            ),
            *_to(MemberEditorInvitation, addresses).values(
                "member__name", "email", "created_at", "accepted_at"
            ),
            *_to(MonitorInvitation, addresses).values(
                "body__name", "email", "created_at", "accepted_at"
            ),
            *_to(LetterInvitation, addresses).values(
                "application__reference", "organisation_name", "email", "created_at"
            ),
        ],
        "emails_to_you": _(
            "The portal does not keep copies of the e-mails it sends. It sent you: account "
            "e-mails (verification, password), invitations listed above, submission "
            "confirmations and decisions for the applications listed above."
        ),
    }


def export_archive(user, target) -> None:
    """The export as ``your-data.json`` plus the files the person uploaded, in a ZIP."""
    from letters.models import Letter

    data = export_person(user)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "your-data.json",
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        )
        for letter in Letter.objects.filter(uploaded_by=user).exclude(file="").iterator(100):
            with (
                letter.file.open("rb") as source,
                zf.open(f"letters/{letter.pk}-{letter.original_filename}", "w") as entry,
            ):
                while chunk := source.read(1024 * 1024):
                    entry.write(chunk)


def export_bytes(user) -> bytes:
    buffer = io.BytesIO()
    export_archive(user, buffer)
    return buffer.getvalue()


def _to(model, addresses):
    """The model's rows sent to one of ``addresses`` (lower case), in any letter case."""
    return model.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=addresses)


@dataclass
class Kept:
    what: str
    why: str


def erase_person(*, user) -> list[Kept]:
    """Anonymise ``user``; returns what was kept, and why, for the person to read."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from applications.enums import ApplicationStatus
    from applications.models import Application, ApplicationEditor
    from letters.models import Letter

    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        emails = {
            email.lower()
            for email in (
                user.email,
                *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
            )
            if email
        }
        names = {user.full_name.strip()} if len(user.full_name.strip()) >= 4 else set()
        placeholder = placeholder_email(user)
        wrote_published_assessments = _wrote_published_assessments(user, names)

        undecided = Letter.objects.filter(uploaded_by=user).exclude(
            application__status=ApplicationStatus.DECIDED
        )
        undecided.update(signatory_name=ERASED_NAME)
        Application.objects.annotate(contact_email_lower=Lower("contact_email")).filter(
            contact_email_lower__in=emails
        ).update(contact_email=placeholder, contact_name=ERASED_NAME)
        for email in emails:
            _replace_everywhere(email, placeholder)
        for name in sorted(names, key=len, reverse=True):
            _replace_everywhere(name, ERASED_NAME)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.email = placeholder
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()

        kept = []
        statuses = set(
            ApplicationEditor.objects.filter(user=user).values_list(
                "application__status", flat=True
            )
        )
        if statuses - {ApplicationStatus.DRAFT}:
            kept.append(
                Kept(
                    _("The applications you worked on that were submitted"),
                    _(
                        "A selection must be justifiable later: the government and its "
                        "answers stay, without your name or e-mail address."
                    ),
                )
            )
        if Letter.objects.filter(
            uploaded_by=user, application__status=ApplicationStatus.DECIDED
        ).exists():
            months = settings.RETENTION["letters_of_not_admitted_months"]
            kept.append(
                Kept(
                    _("Letters you uploaded to decided applications"),
                    _(
                        "They are part of the decision. Letters of applications not admitted "
                        "are deleted %(months)s months after the decision."
                    )
                    % {"months": months},
                )
            )
        kept.append(
            Kept(
                _("The history of what was done on the portal"),
                _(
                    "Records of who did what keep the action and its date; your name and "
                    "e-mail address are replaced by a placeholder."
                ),
            )
        )
        if wrote_published_assessments:
            kept.append(
                Kept(
                    _("The published assessments you wrote for a Local Monitoring Body"),
                    _(
                        "They are part of the public record (the member's page, the open data "
                        "and the API) and stay as the OGP Support Unit published them. The name "
                        "of the evaluator is published with each assessment, so your name stays "
                        "there as their evaluator; your invitations, comments and the history "
                        "of your work on them are erased."
                    ),
                )
            )
        kept.append(
            Kept(
                _("The public record of members and results"),
                _("What was published stays published, as the call's rules say."),
            )
        )
    return kept


def _wrote_published_assessments(user, names) -> bool:
    """Whether ``user`` started, filed or signed as evaluator (by name) a published
    assessment."""
    from django.db.models import Q

    from monitoring.enums import AssessmentStatus, MonitoringEventKind
    from monitoring.models import EndOfCommitmentAssessment, InceptionAssessment

    # Not the coordinator who published it: who started it, filed it, or is named in it.
    wrote = Q(events__actor=user) & (
        Q(events__kind=MonitoringEventKind.STARTED) | Q(events__to_status=AssessmentStatus.FILED)
    )
    for name in names:
        wrote |= Q(evaluator_name__icontains=name)
    return any(
        model.objects.filter(status=AssessmentStatus.PUBLISHED).filter(wrote).exists()
        for model in (InceptionAssessment, EndOfCommitmentAssessment)
    )


def _text_columns():
    """(table, column, data type, whether the table has a status column) of every text column
    an erasure rewrites."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type,
                   EXISTS (SELECT 1 FROM information_schema.columns s
                           WHERE s.table_schema = c.table_schema
                             AND s.table_name = c.table_name AND s.column_name = 'status')
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type = ANY(%s)
            ORDER BY 1, 2
            """,
            [list(TEXT_TYPES)],
        )
        return [
            row
            for row in cursor.fetchall()
            if row[0] not in SKIPPED_TABLES
            and (row[0] not in PUBLIC_TABLES or row[3] or row[0] in PUBLISHED_WITH_PARENT)
        ]


def _published_rows(table):
    """A condition that selects the published rows of a public table that has rows not
    published (_text_columns() leaves out the tables whose rows are all published)."""
    from psycopg2 import sql

    if table in PUBLISHED_WITH_PARENT:
        column, parent = PUBLISHED_WITH_PARENT[table]
        return sql.SQL("{} IN (SELECT id FROM {} WHERE status = {})").format(
            sql.Identifier(column), sql.Identifier(parent), sql.Literal(PUBLISHED)
        )
    return sql.SQL("status = {}").format(sql.Literal(PUBLISHED))


def _replace_everywhere(text, replacement):
    """Replace ``text``, in any letter case, in every text column (JSON too) of every table but
    the skipped ones (of a public table, in the rows not published)."""
    from psycopg2 import sql

    if not text:
        return
    with connection.cursor() as cursor:
        for table, column, data_type, _has_status in _text_columns():
            value = sql.Identifier(column)
            if data_type in ("jsonb", "json"):
                target = sql.SQL("{}::text").format(value)
                # jsonb's text form writes non-ASCII characters as they are
                needle = json.dumps(text, ensure_ascii=False)[1:-1]
                new = json.dumps(replacement, ensure_ascii=False)[1:-1]
                cast = sql.SQL("::{}").format(sql.SQL(data_type))
            else:
                target, needle, new, cast = value, text, replacement, sql.SQL("")
            pattern = _literal_pattern(needle)
            where = sql.SQL("{} ~* %s").format(target)
            if table in PUBLIC_TABLES:
                where = sql.SQL("{} AND NOT ({})").format(where, _published_rows(table))
            params = [pattern, _literal_replacement(new), pattern]
            cursor.execute(
                sql.SQL("UPDATE {} SET {} = regexp_replace({}, %s, %s, 'gi'){} WHERE {}").format(
                    sql.Identifier(table), value, target, cast, where
                ),
                params,
            )


def _literal_pattern(text) -> str:
    """A PostgreSQL regular expression that matches ``text`` as written: every character that
    is not a letter or a digit is escaped (a backslash before one is always the character)."""
    return "".join(c if c.isalnum() else "\\" + c for c in text)


def _literal_replacement(text) -> str:
    return text.replace("\\", "\\\\").replace("&", "\\&")
