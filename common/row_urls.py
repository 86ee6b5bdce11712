"""A page's rows' links, ``reverse()``d once per page rather than once per row.

``reverse()`` walks the URL patterns each time (about 0.1 ms); a page of 50 rows with two or
three links each spends several milliseconds on it. ``row_url()`` reverses the first row's link,
keeps it as a pattern with the row's value marked, and writes the other rows' links from it,
quoted as ``reverse()`` quotes. The values must be ones ``reverse()`` accepts (read from the
database, they are); a link whose pattern cannot be told apart (the value appears twice in it)
is reversed row by row, as before.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARK = "\x00row\x00"
_SAFE = "!$&'()*+,;=" + "/~:@"  # what reverse() leaves unquoted (RFC 3986 sub-delims and more)


def _quoted(value):
    return quote(str(value), safe=_SAFE)


@lru_cache(maxsize=256)
def _pattern(viewname, name, fixed, sample, prefix, urlconf, language):
    kwargs = dict(fixed)
    if name is None:
        url = reverse(viewname, args=[sample], urlconf=urlconf)
    else:
        url = reverse(viewname, kwargs={**kwargs, name: sample}, urlconf=urlconf)
    if url.count(_quoted(sample)) != 1:
        return None
    return url.replace(_quoted(sample), _MARK)


def row_url(viewname, value, *, name=None, **fixed):
    """``reverse(viewname, args=[value])``, or with ``name``
    ``reverse(viewname, kwargs={name: value, **fixed})``."""
    key = (viewname, name, tuple(sorted(fixed.items())))
    context = (get_script_prefix(), get_urlconf(), get_language())
    sample = _samples.get((key, context), value)
    pattern = _pattern(*key, sample, *context)  # NoReverseMatch for a value reverse() refuses
    _samples.setdefault((key, context), sample)  # only a value that reversed is kept
    if pattern is None:
        kwargs = {**fixed, name: value} if name else None
        return reverse(viewname, args=None if name else [value], kwargs=kwargs)
    return pattern.replace(_MARK, _quoted(value))


_samples = {}  # the first value seen for each link and context: one pattern each
