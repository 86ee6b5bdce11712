"""The ``<reference:reference>`` path converter: only a well-formed application reference.

A reference in a URL is untrusted text; anything that is not ``OGPL-<year>-<number>`` (a NUL
byte, which PostgreSQL refuses, a slash, a thousand characters) is a 404 before any query.
"""

REFERENCE_PATTERN = r"OGPL-[0-9]{4}-[0-9]{4,8}"


class ReferenceConverter:
    regex = REFERENCE_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
