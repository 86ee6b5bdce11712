"""Secret tokens in URLs never reach the logs (issue 18 item 4).

Invitation links (letters, application and member editors) and allauth's password-reset and
e-mail confirmation links carry their secret in the path. Django logs the path of every 4xx
and 5xx (``django.request``: "Forbidden: /letters/invitation/<token>/"), and gunicorn's access
log, when turned on, the request line and the Referer (an invitee's page is the Referer of its
own static files). Both go through ``redact()``, which keeps the route and drops the token.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[redacted]"
_TOKEN_IN_PATH = re.compile(
    r"(/(?:letters/invitation|membership/invitations|invitations/editor"
    r"|accounts/password/reset/key|accounts/confirm-email)/)[^/\s?#'\"]+"
)


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\g<1>" + REDACTED, text)


class RedactTokensFilter(logging.Filter):
    """On the log handlers (settings.LOGGING): the message, and the request Django attaches."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            # The JSON formatter writes extra attributes as text: the request's repr has its path.
            record.request = redact(repr(request))
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger (gunicorn.conf.py ``logger_class``) with tokens taken out of every
    access-log field."""

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
