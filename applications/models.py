import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from calls.models import Call, Question, Section

from .enums import (
    ApplicationStatus,
    ChangeRequestOutcome,
    EditorRole,
    EventKind,
    GovernmentLevel,
    OrganisationKind,
)
from .history import describe
from .identity import name_key
from .postgres import trigram_index


class Organisation(models.Model):
    """A government or a non-governmental organisation taking part in an application."""

    name = models.CharField(_("name"), max_length=250)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    # Government facts; blank for non-governmental organisations.
    government_level = models.CharField(
        _("level of government"), max_length=20, choices=GovernmentLevel.choices, blank=True
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    term_ends_on = models.DateField(
        _("end of the current administration's term"), null=True, blank=True
    )
    # The name without the words that only say what kind of government it is (identity.py).
    name_key = models.CharField(max_length=250, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            # Searching applications by partner or government name (search_applications).
            trigram_index("name", name="organisation_name_trgm"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    @property
    def is_government(self):
        return self.kind == OrganisationKind.GOVERNMENT


class ApplicationQuerySet(models.QuerySet):
    def editable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(editors__user=user)

    def active(self):
        return self.exclude(status=ApplicationStatus.WITHDRAWN)


class Application(models.Model):
    """A lead government's application to one call, with its consortium."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    lead_government = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_application",
        verbose_name=_("lead government"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        editable=False,
    )
    lead_office = models.CharField(
        _("lead office"),
        max_length=250,
        blank=True,
        help_text=_("The government office that will lead the work with OGP Local."),
    )
    contact_name = models.CharField(_("point of contact"), max_length=200, blank=True)
    contact_position = models.CharField(
        pgettext_lazy("job title", "position"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language used for e-mails and the packet."),
    )
    # A full application of a two-stage call: the expression of interest it was invited from.
    first_stage = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="full_application",
        verbose_name=_("expression of interest"),
    )
    # Bumped on every save of the application's own details, for optimistic concurrency.
    version = models.PositiveIntegerField(default=1, editable=False)
    term_warning_acknowledged = models.BooleanField(
        default=False, editable=False, verbose_name=_("short term acknowledged")
    )
    publication_consent = models.BooleanField(
        _("letters may be published"),
        default=False,
        editable=False,
        help_text=_("Given at submission: OGP may publish the letters with the call's results."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["-created_at"], name="application_created_idx"),
            models.Index(fields=["-updated_at"], name="application_updated_idx"),
            trigram_index("reference", name="application_reference_trgm"),
        ]

    def __str__(self):
        return f"{self.reference} {self.lead_government.name}"

    def get_absolute_url(self):
        return reverse("application_detail", kwargs={"reference": self.reference})

    @property
    def is_editable(self):
        """Applicants change an application while it is a draft before its deadline (the
        call's, or a later one an extension gave it), or while OGP asks for changes."""
        if self.status == ApplicationStatus.CHANGES_REQUESTED:
            return True
        return self.status == ApplicationStatus.DRAFT and self.before_deadline()

    @cached_property
    def deadline(self):
        """The moment this application's submissions are refused: the call's deadline, or
        the latest extension's when it is later (the one place this is decided)."""
        extension = self.current_extension
        if extension is not None and extension.deadline > self.call.closes_at:
            return extension.deadline
        return self.call.closes_at

    @cached_property
    def current_extension(self):
        """The latest extension given to this application, if any (not shown publicly)."""
        return self.extensions.order_by("-granted_at", "-id").first()

    def before_deadline(self, now=None):
        return (now or timezone.now()) < self.deadline

    @cached_property
    def open_change_request(self):
        """The request for changes waiting on the applicants, if any."""
        if self.status != ApplicationStatus.CHANGES_REQUESTED:
            return None
        return self.change_requests.filter(resolved_at__isnull=True).first()

    @property
    def term_months_after_deadline(self):
        term_end = self.lead_government.term_ends_on
        if term_end is None:
            return None
        deadline = timezone.localdate(self.call.closes_at)
        return (
            (term_end.year - deadline.year) * 12
            + (term_end.month - deadline.month)
            - (1 if term_end.day < deadline.day else 0)
        )


class ApplicationEditor(models.Model):
    """A user who may see and change an application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="editors", verbose_name=_("application")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="application_roles",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=EditorRole.choices)
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added"))

    class Meta:
        verbose_name = _("editor")
        verbose_name_plural = _("editors")
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="one_role_per_user"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class Partner(models.Model):
    """A consortium partner: another government or a non-governmental organisation."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("application"),
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnership",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role in the application"),
        max_length=250,
        help_text=_("For example: joint applicant, civil-society ally, academic partner."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added"))

    class Meta:
        verbose_name = _("consortium partner")
        verbose_name_plural = _("consortium partners")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at", "id"])]

    def __str__(self):
        return self.organisation.name


class Answer(models.Model):
    """An application's answer to one question of its call, stored as text."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers", verbose_name=_("application")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.TextField(blank=True, verbose_name=_("answer"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.application.reference}: {self.question}"


class SectionDraft(models.Model):
    """The saved state of one form section of one application; its version guards concurrent saves."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="section_drafts"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "section"], name="one_draft_per_section"
            ),
        ]

    def __str__(self):
        return f"{self.application_id}/{self.section_id} v{self.version}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class EditorInvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An invitation by e-mail to edit something, through a link that works once until it
    expires or is withdrawn. Only the token's hash is stored. Concrete invitations add what
    they are to (an application here, a member in members.MemberEditorInvitation)."""

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent"))
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn"))

    objects = EditorInvitationQuerySet.as_manager()

    INVITATION_LIFETIME = timedelta(days=14)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def dead_link_reason(self, now=None) -> str | None:
        """Why this invitation's link no longer opens anything, or None while it does."""
        if self.revoked_at:
            return gettext("This invitation link is not valid. Ask for a new invitation.")
        if self.accepted_at:
            return gettext("This invitation has already been used.")
        if self.expires_at <= (now or timezone.now()):
            return gettext("This invitation has expired. Ask for a new invitation.")
        return None

    def wrong_account_reason(self, user) -> str | None:
        """Only the invited address may accept: anyone else holding the link is refused."""
        if user.email.lower() == self.email.lower():
            return None
        return gettext(
            "This invitation was sent to %(email)s. Sign in with that address to accept it."
        ) % {"email": self.email}


class EditorInvitation(Invitation):
    """An invitation to a colleague to edit an application."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="editor_invitations",
        verbose_name=_("application"),
    )

    class Meta(Invitation.Meta):
        verbose_name = _("editor invitation")
        verbose_name_plural = _("editor invitations")
        indexes = [models.Index(fields=["application", "-created_at"])]


class ApplicationEvent(models.Model):
    """The audit trail of an application: who did what, and when."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    from_status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, blank=True, verbose_name=_("from status")
    )
    to_status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, blank=True, verbose_name=_("to status")
    )
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    data = models.JSONField(
        _("data"),
        default=dict,
        blank=True,
        help_text=_("What changed, as ids, codes and values; shown in the reader's language."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["application", "-created_at", "-id"]),
            models.Index(fields=["-created_at", "-id"], name="event_created_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def actor_for_applicants(self):
        """Who did it, as applicants may read it: staff act as "OGP Local", never by name."""
        if self.actor is None:
            return ""
        if self.actor.is_staff or self.actor.is_superuser:
            return "OGP Local"
        return self.actor.get_full_name()

    @property
    def detail_display(self):
        """The event in the reader's language, from its kind and data (applications.history)."""
        return describe(self)


class ChangeRequestQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(resolved_at__isnull=True)

    def overdue(self, now=None):
        """Waiting past the date the applicants were asked to answer by: the desk flags these
        for a coordinator's decision."""
        return self.waiting().filter(answer_by__lt=now or timezone.now())


class ChangeRequest(models.Model):
    """OGP asks the applicants, at the completeness check, to change what it names
    (checklist items by code) and explains why; applications/changes.py opens and closes it."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name=_("application"),
    )
    items = models.JSONField(
        _("items to change"),
        default=list,
        blank=True,
        help_text=_("Codes of the checklist items the applicants are asked to change."),
    )
    note = models.TextField(_("note to the applicants"))
    answer_by = models.DateTimeField(_("answer by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ChangeRequestOutcome.choices, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["resolved_at", "answer_by"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_waiting_change_request",
            )
        ]

    def __str__(self):
        return f"{self.application.reference} {self.requested_at:%Y-%m-%d}"

    def is_overdue(self, now=None):
        return self.resolved_at is None and self.answer_by < (now or timezone.now())


class Extension(models.Model):
    """A later deadline for one application, given by a coordinator with a reason. Never
    public; the applicants and their letter authors see the new deadline."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("application"),
    )
    deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(
        _("reason"), help_text=_("Why the deadline moves: seen by OGP staff only.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["application", "-granted_at"])]

    def __str__(self):
        return f"{self.application.reference} → {self.deadline:%Y-%m-%d %H:%M}"


class ReferenceCounter(models.Model):
    """Hands out sequential reference numbers per year without gaps under concurrency."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"
