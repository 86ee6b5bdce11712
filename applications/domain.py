"""The applicant's operations on an application.

Views, admin actions, tasks and commands call these functions; tests call them directly.
Each checks its own rule and raises an ApplicationError subclass with a message the
applicant can act on. Every status change goes through set_application_status().
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country

from calls.formatting import with_time_zone
from calls.models import Call, Section

from . import tasks
from .checklist import build_checklist
from .enums import ALLOWED_TRANSITIONS, ApplicationStatus, EditorRole, EventKind
from .exceptions import (
    ApplicationLocked,
    CountryNotEligible,
    DuplicateApplication,
    EditConflict,
    SubmissionRefused,
    TransitionNotAllowed,
)
from .identity import name_key
from .models import (
    Answer,
    Application,
    ApplicationEditor,
    ApplicationEvent,
    Organisation,
    Partner,
    ReferenceCounter,
    SectionDraft,
)
from .signals import application_submitted

logger = logging.getLogger(__name__)

APPLICATION_DETAIL_FIELDS = [
    "lead_office",
    "contact_name",
    "contact_position",
    "contact_email",
    "language",
]
GOVERNMENT_FIELDS = [
    "name",
    "country",
    "website",
    "government_level",
    "population",
    "area_km2",
    "term_ends_on",
]


def record_event(
    *, application, kind, actor=None, detail="", from_status="", to_status="", data=None
):
    """Add to the audit trail. ``detail`` holds only what people typed (a name, a title), never
    translated words; ``data`` the codes and ids the trail is rendered from (history.py)."""
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor if actor and actor.is_authenticated else None,
        detail=detail[:500],
        data=data or {},
        from_status=from_status,
        to_status=to_status,
    )


def same_government_application(*, call, country, level, name, exclude=None):
    """The active application in ``call`` of the government with this identity, if any."""
    candidates = Application.objects.active().filter(
        call=call,
        lead_government__country=country,
        lead_government__government_level=level or "",
        lead_government__name_key=name_key(name),
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return candidates.select_related("lead_government").first()


def ineligibility_reason(*, call, country):
    """Why a government of ``country`` may not apply to ``call``; empty when it may."""
    if not country or call.accepts_country(country):
        return ""
    return ineligibility_message(Country(getattr(country, "code", country)).name)


def ineligibility_message(country_name):
    return _(
        "%(country)s is not eligible for this call. OGP Local is open to local governments "
        "of countries that take part in the Open Government Partnership; the call lists "
        "the eligible countries."
    ) % {"country": country_name}


def refuse_ineligible_country(*, call, country):
    if reason := ineligibility_reason(call=call, country=country):
        raise CountryNotEligible(reason)


def ensure_editable(application):
    """Raise ApplicationLocked unless applicants may still change the application."""
    if application.status == ApplicationStatus.CHANGES_REQUESTED:
        return
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationLocked(
            _("This application is %(status)s and can no longer be changed.")
            % {"status": application.get_status_display().lower()}
        )
    if not application.before_deadline():
        raise ApplicationLocked(_("The call has closed; the application can no longer be changed."))


def lock_application(application):
    """Lock the application's row (inside a transaction) and re-read its status onto
    ``application``: the one way to decide on an application's state without a race. Every
    change that depends on the status goes through here, in every app."""
    application.status = (
        Application.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=application.pk)
    )
    return application


def lock_for_change(application):
    """lock_application(), then ensure_editable().

    Every write by applicants goes through here, so a save racing a submission either
    lands before it or is refused: never after it.
    """
    lock_application(application)
    ensure_editable(application)


def next_reference(year: int) -> str:
    """A gap-free, human-readable reference such as OGPL-2026-0042."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db()
    return f"OGPL-{year}-{counter.last_number:04d}"


def confirm_submission(application_id) -> None:
    """Queue the confirmation e-mail; if the broker is down, send it from here: the applicant
    is told their application was submitted either way (it carries no secret)."""
    try:
        tasks.send_submission_confirmation.delay(application_id)
    except Exception:  # kombu's OperationalError, a refused connection: any broker failure
        logger.warning("Broker unavailable: confirmation of %s sent directly", application_id)
        tasks.send_submission_confirmation.run(application_id)


@transaction.atomic
def start_application(*, call: Call, user, lead_government: Organisation, language: str = "en"):
    """Create a draft application for ``call`` led by the (unsaved) ``lead_government``."""
    # Lock the call so two simultaneous starts for the same government cannot both pass.
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.is_open:
        raise ApplicationLocked(_("This call is not open for applications."))
    refuse_ineligible_country(call=call, country=lead_government.country)
    existing = same_government_application(
        call=call,
        country=lead_government.country,
        level=lead_government.government_level,
        name=lead_government.name,
    )
    if existing is not None:
        raise DuplicateApplication(
            _(
                "%(government)s already has an application in this call (%(existing)s). "
                "One government makes one application: ask its owner for access."
            )
            % {"government": lead_government.name, "existing": existing.lead_government.name},
            application=existing,
        )
    lead_government.kind = "government"
    lead_government.name = lead_government.name.strip()
    lead_government.save()
    application = Application.objects.create(
        call=call,
        reference=next_reference(timezone.now().year),
        lead_government=lead_government,
        language=language,
    )
    ApplicationEditor.objects.create(application=application, user=user, role=EditorRole.OWNER)
    record_event(application=application, kind=EventKind.CREATED, actor=user)
    return application


@transaction.atomic
def update_application_details(*, application, details: dict, government: dict, version: int, user):
    """Save the application's own details and its lead government's facts, if nobody saved since ``version``."""
    lock_for_change(application)
    government_now = application.lead_government
    existing = same_government_application(
        call=application.call,
        country=government.get("country", government_now.country),
        level=government.get("government_level", government_now.government_level),
        name=government.get("name", government_now.name),
        exclude=application,
    )
    if existing is not None:
        raise DuplicateApplication(
            _(
                "%(government)s already has an application in this call (%(reference)s). "
                "One government makes one application."
            )
            % {"government": existing.lead_government.name, "reference": existing.reference},
            application=existing,
        )
    if "name" in government:
        government = {**government, "name_key": name_key(government["name"])}
    updated = Application.objects.filter(pk=application.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **details
    )
    if not updated:
        raise EditConflict(
            _(
                "Someone else saved these details while you were editing. Reload to see their changes."
            )
        )
    Organisation.objects.filter(pk=application.lead_government_id).update(**government)
    application.refresh_from_db()
    application.lead_government.refresh_from_db()
    record_event(
        application=application,
        kind=EventKind.SECTION_SAVED,
        actor=user,
        data={"part": "details"},
    )
    return application


def section_version(application, section) -> int:
    draft = SectionDraft.objects.filter(application=application, section=section).first()
    return draft.version if draft else 0


@transaction.atomic
def save_section(*, application, section: Section, answers: dict, version: int, user):
    """Save the answers of one section as a draft. ``answers`` maps question ids to text.

    Raises EditConflict if another editor saved this section since ``version`` was read.
    """
    lock_for_change(application)
    draft, _created = SectionDraft.objects.get_or_create(application=application, section=section)
    updated = SectionDraft.objects.filter(pk=draft.pk, version=version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        draft.refresh_from_db()
        who = draft.updated_by or _("another editor")
        raise EditConflict(
            _(
                "%(who)s saved this section while you were editing. Your text is kept below: "
                "copy what you need, then reload the section to see their version."
            )
            % {"who": who}
        )
    existing = {
        answer.question_id: answer
        for answer in application.answers.filter(question__section=section)
    }
    to_create, to_update = [], []
    for question_id, value in answers.items():
        if question_id in existing:
            if existing[question_id].value != value:
                existing[question_id].value = value
                to_update.append(existing[question_id])
        else:
            to_create.append(Answer(application=application, question_id=question_id, value=value))
    Answer.objects.bulk_create(to_create)
    if to_update:
        now = timezone.now()
        for answer in to_update:
            answer.updated_at = now
        Answer.objects.bulk_update(to_update, ["value", "updated_at"])
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    record_event(
        application=application,
        kind=EventKind.SECTION_SAVED,
        actor=user,
        detail=section.title,
        data={"section": section.pk},
    )
    return draft.version + 1


@transaction.atomic
def add_partner(
    *, application, organisation: Organisation, role: str, user, contact_name="", contact_email=""
):
    lock_for_change(application)
    organisation.save()
    partner = Partner.objects.create(
        application=application,
        organisation=organisation,
        role=role,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    record_event(
        application=application, kind=EventKind.PARTNER_ADDED, actor=user, detail=organisation.name
    )
    return partner


@transaction.atomic
def update_partner(*, partner: Partner, user):
    """Save changes made to ``partner`` and its organisation (already set on the instances)."""
    lock_for_change(partner.application)
    partner.organisation.save()
    partner.save()
    record_event(
        application=partner.application,
        kind=EventKind.PARTNER_CHANGED,
        actor=user,
        detail=partner.organisation.name,
    )
    return partner


@transaction.atomic
def remove_partner(*, partner: Partner, user):
    application = partner.application
    lock_for_change(application)
    organisation = partner.organisation
    partner.delete()
    organisation.delete()
    record_event(
        application=application,
        kind=EventKind.PARTNER_REMOVED,
        actor=user,
        detail=organisation.name,
    )


def set_application_status(*, application, to_status, by=None, detail="", now=None):
    """The one door for status changes: checks the move, stamps times, logs the event."""
    from_status = application.status
    if to_status not in ALLOWED_TRANSITIONS[ApplicationStatus(from_status)]:
        raise TransitionNotAllowed(
            _("An application cannot go from %(from)s to %(to)s.")
            % {
                "from": ApplicationStatus(from_status).label,
                "to": ApplicationStatus(to_status).label,
            }
        )
    now = now or timezone.now()
    application.status = to_status
    changed = ["status", "updated_at"]
    if to_status == ApplicationStatus.SUBMITTED:
        application.submitted_at = now
        changed.append("submitted_at")
    elif to_status == ApplicationStatus.WITHDRAWN:
        application.withdrawn_at = now
        changed.append("withdrawn_at")
    application.save(update_fields=changed)
    record_event(
        application=application,
        kind=EventKind.STATUS_CHANGED,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
    )
    return application


def submission_problems(application, *, acknowledge_term_warning=False, now=None):
    """Every reason the application cannot be submitted now, as messages; empty when it can."""
    now = now or timezone.now()
    problems = []
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED):
        problems.append(
            _("This application is %(status)s.")
            % {"status": application.get_status_display().lower()}
        )
        return problems
    # A draft is refused from its deadline (the call's, or its extension's: Application.deadline);
    # an answer to a change request is taken until a coordinator closes the request.
    if application.status == ApplicationStatus.DRAFT and not application.before_deadline(now):
        problems.append(
            _("The call closed on %(deadline)s; submissions are no longer accepted.")
            % {"deadline": with_time_zone(application.deadline)}
        )
        return problems
    checklist = build_checklist(application)
    problems.extend(item.missing for item in checklist.missing)
    if not acknowledge_term_warning:
        problems.extend(item.missing for item in checklist.warnings)
    return problems


@transaction.atomic
def submit_application(
    *, application, user, acknowledge_term_warning=False, publication_consent=False, now=None
):
    """Submit a complete draft before the deadline; every editor then gets a confirmation."""
    application = (
        Application.objects.select_for_update()
        .select_related("call", "lead_government")
        .get(pk=application.pk)
    )
    problems = submission_problems(
        application, acknowledge_term_warning=acknowledge_term_warning, now=now
    )
    if problems:
        raise SubmissionRefused(_("The application cannot be submitted yet."), reasons=problems)
    application.term_warning_acknowledged = acknowledge_term_warning
    application.publication_consent = publication_consent
    application.save(update_fields=["term_warning_acknowledged", "publication_consent"])
    set_application_status(
        application=application, to_status=ApplicationStatus.SUBMITTED, by=user, now=now
    )
    transaction.on_commit(lambda: confirm_submission(application.pk), robust=True)
    application_submitted.send(sender=Application, application=application, user=user)
    return application


@transaction.atomic
def withdraw_application(*, application, user, now=None):
    """Withdraw a draft or submitted application before the deadline."""
    now = now or timezone.now()
    lock_application(application)
    if not application.before_deadline(now):
        raise ApplicationLocked(
            _("The call has closed; the application can no longer be withdrawn.")
        )
    return set_application_status(
        application=application, to_status=ApplicationStatus.WITHDRAWN, by=user, now=now
    )
