"""Telling the person that their e-mail will follow (mailings/outbox.py)."""

from django.contrib import messages
from django.utils.translation import gettext as _

from .outbox import kept_during_request


def mail_delay_notice() -> str:
    return _(
        "Everything was saved. Our mail server is not answering just now, so the e-mail "
        "will be sent as soon as it does; there is nothing more for you to do."
    )


class MailDelayNoticeMiddleware:
    """When mail sent for this request had to be kept for later (the mail server failed once
    the action was saved, after the view), say so on the next page. Listed after Django's
    MessageMiddleware, so the notice is stored with the response. No query when no mail was
    kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kept = []
        token = kept_during_request.set(kept)
        try:
            response = self.get_response(request)
        finally:
            kept_during_request.reset(token)
        if kept and hasattr(request, "_messages"):
            messages.warning(request, mail_delay_notice())
        return response
