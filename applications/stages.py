"""Two-stage calls: from a shortlisted expression of interest to its full application.

A full-application call names the expression-of-interest call it follows
(``Call.expression_of_interest``); each of its questions may name the first-stage question
whose answer it starts with (``Question.carried_from``). Coordinators shortlist an
expression of interest with ``invite_to_full_application()``: a draft is opened in the
full-application call for the same government, its editors and partners, with the mapped
answers carried over, and every editor is invited by e-mail in their language. Those not
shortlisted receive the expression of interest's decision (reviews' ordinary decisions).
See docs/two-stage-calls.md.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.enums import CallStage
from calls.models import Question

from .domain import lock_application, next_reference, record_event, same_government_application
from .enums import ApplicationStatus, EventKind
from .exceptions import ApplicationError
from .mail import mail_editors
from .models import Answer, Application, ApplicationEditor, Organisation, Partner

# Expressions of interest a coordinator may shortlist: submitted, still in the review.
SHORTLISTABLE = {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW}


class ShortlistRefused(ApplicationError):
    """The expression of interest cannot be invited to the full application; says why."""


def _copy_organisation(organisation) -> Organisation:
    copy = Organisation.objects.get(pk=organisation.pk)
    copy.pk = None
    copy.id = None
    copy.save()
    return copy


@transaction.atomic
def invite_to_full_application(*, application, by, now=None) -> Application:
    """Shortlist ``application`` (an expression of interest): open its full application, with
    the first-stage answers carried over, and invite its editors by e-mail."""
    now = now or timezone.now()
    if not by.has_perm("accounts.coordinate"):
        raise ShortlistRefused(_("Only a coordinator can shortlist an expression of interest."))
    lock_application(application)
    application = Application.objects.select_related(
        "call", "call__full_application_call", "lead_government"
    ).get(pk=application.pk)
    call = application.call
    if call.stage != CallStage.EXPRESSION_OF_INTEREST:
        raise ShortlistRefused(
            _("%(reference)s is not an expression of interest of a two-stage call.")
            % {"reference": application.reference}
        )
    if application.status not in SHORTLISTABLE:
        raise ShortlistRefused(
            _(
                "%(reference)s is %(status)s: only a submitted expression of interest can be shortlisted."
            )
            % {
                "reference": application.reference,
                "status": application.get_status_display().lower(),
            }
        )
    if Application.objects.filter(first_stage=application).exists():
        raise ShortlistRefused(
            _("%(reference)s is already invited to the full application.")
            % {"reference": application.reference}
        )
    full_call = call.full_application_call
    government = application.lead_government
    if same_government_application(
        call=full_call,
        country=government.country,
        level=government.government_level,
        name=government.name,
    ):
        raise ShortlistRefused(
            _("%(government)s already has an application in “%(call)s”.")
            % {"government": government.name, "call": full_call.title}
        )
    if full_call.closes_at <= now:
        raise ShortlistRefused(
            _("The full-application call “%(call)s” has closed.") % {"call": full_call.title}
        )
    full = Application.objects.create(
        call=full_call,
        reference=next_reference(now.year),
        lead_government=_copy_organisation(application.lead_government),
        first_stage=application,
        language=application.language,
        lead_office=application.lead_office,
        contact_name=application.contact_name,
        contact_position=application.contact_position,
        contact_email=application.contact_email,
    )
    ApplicationEditor.objects.bulk_create(
        ApplicationEditor(application=full, user_id=editor.user_id, role=editor.role)
        for editor in application.editors.all()
    )
    for partner in application.partners.select_related("organisation"):
        Partner.objects.create(
            application=full,
            organisation=_copy_organisation(partner.organisation),
            role=partner.role,
            contact_name=partner.contact_name,
            contact_email=partner.contact_email,
        )
    carried = carry_answers(first_stage=application, full=full)
    record_event(
        application=application,
        kind=EventKind.SHORTLISTED,
        actor=by,
        data={"full_application": full.pk, "reference": full.reference},
    )
    record_event(
        application=full,
        kind=EventKind.STARTED_FROM_FIRST_STAGE,
        actor=by,
        data={
            "first_stage": application.pk,
            "reference": application.reference,
            "answers": carried,
        },
    )
    transaction.on_commit(lambda: tell_editors(full.pk), robust=True)
    return full


def carry_answers(*, first_stage, full) -> int:
    """Copy each first-stage answer to the full-application question mapped to it."""
    mapped = Question.objects.filter(
        section__call=full.call, carried_from__isnull=False, retired=False
    ).values_list("pk", "carried_from")
    values = dict(first_stage.answers.values_list("question_id", "value"))
    answers = [
        Answer(application=full, question_id=question, value=values[source])
        for question, source in mapped
        if values.get(source)
    ]
    Answer.objects.bulk_create(answers)
    return len(answers)


def tell_editors(full_application_id) -> None:
    full = Application.objects.select_related(
        "call", "lead_government", "first_stage", "first_stage__call"
    ).get(pk=full_application_id)
    mail_editors(
        full,
        template="applications/emails/full_application_invitation",
        context={"first_stage": full.first_stage},
    )
