"""Imported once by the sandbox's fork server (letters/sandbox.py), never by the web code.

The fork server is a fresh, single-threaded Python that forks one child per letter check. This
module makes it ready so that each child starts ready too: Django is set up from
DJANGO_SETTINGS_MODULE (the environment the server inherits), so the child's refusal messages
can be translated; the parsers are imported, the catalogues read and one small letter made
here is read, so no check pays for what the parsers load the first time. Nothing here opens a
connection to the database, the broker or storage, or starts a thread.
"""

import contextlib
import gc
import io

import django
import pikepdf

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import translation  # noqa: E402

from . import confinement, signatures, validation  # noqa: E402, F401 - loaded for the children


def _warm_up() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
    )
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Letter of support) Tj ET")
    buffer = io.BytesIO()
    pdf.save(buffer)
    with contextlib.suppress(validation.LetterRefused):
        validation.inspect_letter(buffer.getvalue())


_warm_up()
# Every child starts without the environment and the secret settings (letters/confinement.py).
confinement.forget_secrets()
confinement.make_undumpable()
# Children then touch none of this memory to collect it, so it stays shared and forking is
# cheap (about 30 ms a check without this, 7 ms with it, for a child that does nothing).
gc.freeze()
