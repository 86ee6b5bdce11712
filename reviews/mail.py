"""Decision e-mails from the templates coordinators edit in the admin.

Those templates are plain text, so they are rendered without HTML escaping, by an engine that
knows only Django's built-in tags and filters and cannot load files. Their context holds plain
strings only, never model instances, so a template can show nothing but what is offered here.
"""

from django.conf import settings
from django.db.models import Q
from django.template import Context, Engine
from django.utils import translation

from accounts.mail import subject_with_prefix
from applications.mail import plain_text_templates

from .defaults import DEFAULT_DECISION_EMAILS
from .enums import DecisionOutcome

PLAIN_TEXT_ENGINE = Engine(autoescape=False)


def compile_plain_template(text: str):
    return PLAIN_TEXT_ENGINE.from_string(text)


def render_plain_template(text: str, context: dict) -> str:
    return compile_plain_template(text).render(Context(context, autoescape=False))


def decision_email_template(*, call, language):
    """The template to use: the call's own in ``language``, else the one for every call; failing
    both, the same in the site's default language."""
    from .models import DecisionEmailTemplate

    found = {
        (template.call_id, template.language): template
        for template in DecisionEmailTemplate.objects.filter(
            Q(call=call) | Q(call__isnull=True),
            language__in={language, settings.LANGUAGE_CODE},
        )
    }
    for key in [
        (call.pk, language),
        (None, language),
        (call.pk, settings.LANGUAGE_CODE),
        (None, settings.LANGUAGE_CODE),
    ]:
        if key in found:
            return found[key]
    return None


def decision_email(*, decision, recipient) -> tuple[str, str]:
    """The (subject, body) of the decision e-mail to ``recipient``, in the application's language."""
    from .models import DecisionEmailTemplate

    application = decision.application
    language = application.language
    template = decision_email_template(call=application.call, language=language)
    if template is None:  # every template deleted: the built-in wording still goes out
        defaults = DEFAULT_DECISION_EMAILS.get(language) or DEFAULT_DECISION_EMAILS["en"]
        template = DecisionEmailTemplate(language=language, **defaults)
    with translation.override(language):
        context = {
            "recipient": recipient.get_full_name(),
            "government": application.lead_government.name,
            "reference": application.reference,
            "call": application.call.title,
            "outcome": decision.outcome,
            "outcome_label": str(DecisionOutcome(decision.outcome).label),
            "reason": decision.reason,
            "feedback": decision.feedback,
            "application_url": settings.SITE_URL.rstrip("/") + application.get_absolute_url(),
            "site_url": settings.SITE_URL,
        }
        subject = subject_with_prefix(render_plain_template(template.subject, context))
        body = render_plain_template(template.body, context)
        # Every applicant, admitted or not, reads the committee's feedback (when it wrote
        # some) and is invited to the community of practice, whatever the template says.
        body += (
            plain_text_templates()
            .get_template("reviews/emails/decision_feedback.txt")
            .render(
                {
                    "feedback": decision.feedback,
                    "community_url": settings.COMMUNITY_OF_PRACTICE_URL,
                    "admitted": decision.outcome == DecisionOutcome.ADMITTED,
                }
            )
        )
    return subject, body
