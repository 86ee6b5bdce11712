"""The only way WeasyPrint may load anything while it renders a packet.

WeasyPrint fetches every URL it finds in the HTML and CSS, http(s) and file: included, unless
its URL fetcher says no. Ours knows two schemes of its own and nothing else:

- ``ogp-static:<path>`` — one of the project's static files (found by Django's staticfiles
  finders, which refuse paths outside their folders), of a few harmless types;
- ``ogp-letter:<id>`` — a letter being merged into this very packet, handed to the fetcher
  in memory after its SHA-256 was checked.

Any other URL (http, https, ftp, file, data, a relative path) is refused, and with
``fail_on_errors`` the refusal stops the rendering instead of being logged and skipped: user
text is escaped in the template, so a refused URL means a bug, and a bug must not pass quietly.
The fetcher never opens a socket, and never opens a file outside the static folders.
"""

import re
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "ogp-static"
LETTER_SCHEME = "ogp-letter"

STATIC_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".woff2": "font/woff2",
}
SAFE_STATIC_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")


class ResourceRefused(ValueError):
    """WeasyPrint asked for a URL the packet may not load."""


def static_url(path: str) -> str:
    return f"{STATIC_SCHEME}:{path}"


def letter_url(letter_id) -> str:
    return f"{LETTER_SCHEME}:{letter_id}"


class PacketURLFetcher(URLFetcher):
    """Serves the project's static files and this packet's letters; refuses everything else.

    ``letters`` maps a letter id to ``(content bytes, content type)``. ``served`` and
    ``refused`` list the URLs asked for, for the logs and the tests.
    """

    def __init__(self, letters=None):
        super().__init__(
            timeout=1,
            allowed_protocols=(STATIC_SCHEME, LETTER_SCHEME),
            allow_redirects=False,
            fail_on_errors=True,
        )
        self.letters = {str(key): value for key, value in (letters or {}).items()}
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme, _colon, rest = str(url).partition(":")
        try:
            if scheme == STATIC_SCHEME:
                body, content_type = self._static_file(rest)
            elif scheme == LETTER_SCHEME:
                body, content_type = self._letter(rest)
            else:
                raise ResourceRefused(f"not a packet resource: {url[:200]}")
        except ResourceRefused:
            self.refused.append(url)
            raise
        self.served.append(url)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    def _static_file(self, path):
        suffix = PurePosixPath(path).suffix.lower()
        if (
            not SAFE_STATIC_PATH.match(path)
            or ".." in PurePosixPath(path).parts
            or suffix not in STATIC_TYPES
        ):
            raise ResourceRefused(f"not an allowed static file: {path[:200]}")
        found = finders.find(path)
        if not found:
            raise ResourceRefused(f"no such static file: {path[:200]}")
        with open(found, "rb") as file:
            return file.read(), STATIC_TYPES[suffix]

    def _letter(self, key):
        if key not in self.letters:
            raise ResourceRefused(f"not a letter of this packet: {key[:50]}")
        return self.letters[key]
