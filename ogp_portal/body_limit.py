"""Request bodies larger than ``REQUEST_BODY_MAX_BYTES`` are refused (413) from their declared
length, before anything reads them. The TLS proxy refuses the same (deploy/Caddyfile); this is
the same limit inside gunicorn, for a web machine reached some other way. Django reads no body
without a length (a chunked one reads as empty), so the header is the whole question.
"""

from django.conf import settings

_REFUSAL = b"Request body too large\n"


class RequestBodyLimit:
    """WSGI middleware around the portal (ogp_portal/wsgi.py)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty too
        if length > settings.REQUEST_BODY_MAX_BYTES:
            start_response(
                "413 Request Entity Too Large",
                [
                    ("Content-Type", "text/plain"),
                    ("Content-Length", str(len(_REFUSAL))),
                    ("Connection", "close"),
                ],
            )
            return [_REFUSAL]
        return self.application(environ, start_response)
