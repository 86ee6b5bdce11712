"""The read-only sections of an application's admin page, drawn as plain panels.

Nothing in these sections is edited on the page (applicants' content, the editors, the history,
the coordinators' change requests and extensions, which have their own pages), so they are not
admin inline formsets: each is one query (joined to what its rows show) and one template,
``templates/desk/panels/<name>.html``, inside the frame of ``desk/panels/_panel.html``, which
looks as the admin's tabular inlines look. The reviewers' assignments, which coordinators edit
on the page, stay an inline (desk.admin.applications.AssignmentInline).

Who sees a section is what decided it as an inline: the model's view permission, and the
coordinators' sections for coordinators only. A name links to its admin page only for someone
who may open that page.
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import display_for_field
from django.utils.translation import gettext_lazy as _

from applications.enums import OrganisationKind
from applications.models import (
    Answer,
    Application,
    ApplicationEditor,
    ApplicationEvent,
    ChangeRequest,
    Extension,
    Partner,
)
from calls.models import Question
from common.row_urls import row_url
from letters.domain import letter_warnings
from letters.models import Letter
from letters.queries import KIND_ORDER

from .base import is_coordinator


@dataclass
class Panel:
    """One section: ``name`` picks its template and its HTML id."""

    name: str
    title: str
    columns: list
    rows: list = field(default_factory=list)

    @property
    def template(self):
        return f"desk/panels/{self.name}.html"


def _labels(model, names):
    return [model._meta.get_field(name).verbose_name for name in names]


class _Links:
    """The admin change-page links of a model's rows, for those who may open that page."""

    def __init__(self, admin_site, request):
        self.admin_site = admin_site
        self.request = request
        self.allowed = {}

    def __call__(self, model, pk):
        if pk is None:
            return ""
        if model not in self.allowed:
            model_admin = self.admin_site._registry.get(model)
            self.allowed[model] = model_admin is not None and (
                model_admin.has_view_or_change_permission(self.request)
            )
        if not self.allowed[model]:
            return ""
        opts = model._meta
        return row_url(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", pk)


# The application's own facts, shown above its form (read-only: the workflow moves them).
FACTS = [
    "reference",
    "call",
    "lead_government",
    "status",
    "created_at",
    "updated_at",
    "submitted_at",
    "withdrawn_at",
    "term_warning_acknowledged",
]


def application_facts(application, link):
    """[(label, value, link)] of ``FACTS``, each value as the admin's read-only fields write it
    (display_for_field), drawn as the admin's read-only rows (desk/panels/facts.html) without
    its per-field machinery; the call and the government link to their pages for those who
    may open them."""
    facts = []
    for name in FACTS:
        model_field = Application._meta.get_field(name)
        value = getattr(application, name)
        url = ""
        if model_field.is_relation:
            url = link(model_field.related_model, getattr(application, model_field.attname))
            shown = str(value) if value is not None else "-"
        else:
            shown = display_for_field(value, model_field, "-")
        facts.append((model_field.verbose_name, shown, url))
    return facts


def application_panels(request, application, *, admin_site):
    """{"facts": [...], "panels_before": [...], "panels_after": [...]}: the application's
    facts, and the sections above and below the reviewers' inline, for this user."""
    user = request.user
    coordinator = is_coordinator(request)
    link = _Links(admin_site, request)
    before, after = [], []

    partners = []
    if user.has_perm("letters.view_letter") or user.has_perm("applications.view_partner"):
        partners = list(application.partners.select_related("organisation"))
    if user.has_perm("letters.view_letter"):
        before.append(_letters(application, partners))
    if user.has_perm("applications.view_partner"):
        before.append(_partners(partners, link))
    if user.has_perm("applications.view_answer"):
        before.append(_answers(application, link))
    if coordinator:
        if user.has_perm("applications.view_applicationeditor"):
            after.append(_editors(application, link))
        if user.has_perm("applications.view_changerequest"):
            after.append(_change_requests(application))
        if user.has_perm("applications.view_extension"):
            after.append(_extensions(application, link))
        if user.has_perm("applications.view_applicationevent"):
            after.append(_events(application, link))
    return {
        "facts": application_facts(application, link),
        "panels_before": before,
        "panels_after": after,
    }


def _letters(application, partners):
    # The governments a letter must name (letters.domain.application_governments), from the
    # partners already read for their own section.
    governments = [application.lead_government] + [
        partner.organisation
        for partner in partners
        if partner.organisation.kind == OrganisationKind.GOVERNMENT
    ]
    # Current letters in index order (letters.queries.current_letters), without the joins
    # this section does not print.
    letters = sorted(
        Letter.objects.current().filter(application=application).order_by("uploaded_at", "id"),
        key=lambda letter: KIND_ORDER.index(letter.kind),
    )
    for letter in letters:
        letter.application = application  # already read: no query per letter
        letter.warnings = letter_warnings(letter, governments)
        letter.download_url = row_url(
            "letter_download", letter.pk, name="letter_id", reference=application.reference
        )
    columns = [
        *_labels(Letter, ["kind", "author_organisation"]),
        _("signed by"),
        *_labels(Letter, ["signed_on", "page_count", "signature_status"]),
        _("warnings for reviewers"),
        _("file"),
    ]
    return Panel("letters", _("letters"), columns, letters)


def _partners(partners, link):
    for partner in partners:
        partner.organisation_url = link(type(partner.organisation), partner.organisation_id)
    columns = _labels(Partner, ["organisation", "role", "contact_name", "contact_email"])
    return Panel("partners", Partner._meta.verbose_name_plural, columns, partners)


def _answers(application, link):
    answers = list(
        application.answers.select_related("question").order_by(
            "question__section__position", "question__position", "question_id"
        )
    )
    for answer in answers:
        answer.question_url = link(Question, answer.question_id)
    return Panel(
        "answers", Answer._meta.verbose_name_plural, _labels(Answer, ["question", "value"]), answers
    )


def _editors(application, link):
    editors = list(application.editors.select_related("user").order_by("added_at", "id"))
    for editor in editors:
        editor.user_url = link(type(editor.user), editor.user_id)
    columns = _labels(ApplicationEditor, ["user", "role", "added_at"])
    return Panel("editors", ApplicationEditor._meta.verbose_name_plural, columns, editors)


def _change_requests(application):
    columns = _labels(
        ChangeRequest, ["requested_at", "answer_by", "note", "resolved_at", "outcome"]
    )
    rows = list(application.change_requests.all())
    return Panel("change_requests", ChangeRequest._meta.verbose_name_plural, columns, rows)


def _extensions(application, link):
    extensions = list(application.extensions.select_related("granted_by"))
    for extension in extensions:
        extension.granted_by_url = link(type(extension.granted_by), extension.granted_by_id)
    columns = _labels(Extension, ["deadline", "reason", "granted_by", "granted_at"])
    return Panel("extensions", Extension._meta.verbose_name_plural, columns, extensions)


def _events(application, link):
    events = list(application.events.select_related("actor"))
    for event in events:
        event.actor_url = link(type(event.actor), event.actor_id) if event.actor_id else ""
    columns = _labels(
        ApplicationEvent, ["created_at", "kind", "from_status", "to_status", "actor", "detail"]
    )
    return Panel("events", ApplicationEvent._meta.verbose_name_plural, columns, events)
