"""Reading an uploaded letter in a child process, with a time and a memory limit.

The parsers (qpdf through pikepdf, pypdf, pyHanko, Pillow) run on untrusted bytes. A file built
to make one of them loop or allocate without end must cost one refusal, not a web worker: the
child is forked (so it starts in milliseconds, with the modules and the active language of the
request already loaded), limits its own address space and CPU time, judges the bytes with
``validation.inspect_letter`` and sends back the result. If it is not done in time it is
killed. The child never touches the database or storage: it only reads bytes it already has.
"""

import multiprocessing
import os
import resource
import signal

from django.conf import settings
from django.utils.translation import gettext as _

from .validation import InspectedLetter, LetterRefused, inspect_letter

_FORK = multiprocessing.get_context("fork")


def inspect_letter_isolated(
    data: bytes, *, seconds: float | None = None, memory_mb: int | None = None
) -> InspectedLetter:
    """``inspect_letter(data)`` in a child process limited to ``seconds`` of wall-clock time
    (LETTER_PARSE_SECONDS) and ``memory_mb`` of memory beyond what the parent already maps
    (LETTER_PARSE_MEMORY_MB). Raises LetterRefused as inspect_letter does, and also when
    the child runs out of time or memory or dies."""
    seconds = settings.LETTER_PARSE_SECONDS if seconds is None else seconds
    memory_mb = settings.LETTER_PARSE_MEMORY_MB if memory_mb is None else memory_mb
    limits = {
        "max_bytes": settings.LETTER_MAX_BYTES,
        "max_pages": settings.LETTER_MAX_PAGES,
        "max_pixels": settings.LETTER_MAX_PIXELS,
    }
    receiver, sender = _FORK.Pipe(duplex=False)
    child = _FORK.Process(
        target=_judge, args=(sender, data, limits, seconds, memory_mb), daemon=True
    )
    child.start()
    sender.close()  # the child holds its copy; EOF here means the child is gone
    try:
        if not receiver.poll(seconds):
            raise _too_slow()
        try:
            outcome = receiver.recv()
        except EOFError:  # died without a word: killed by a limit, or a parser crashed
            raise _could_not_check() from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    kind, *payload = outcome
    if kind == "letter":
        return payload[0]
    if kind == "refused":
        raise LetterRefused(*payload)
    raise _could_not_check() if kind == "failed" else _too_much_memory()


def _judge(sender, data, limits, seconds, memory_mb) -> None:
    """In the child: limit ourselves, judge, send one tuple back."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing parser leaves no core file
    _limit_memory(memory_mb)
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        outcome = ("letter", inspect_letter(data, **limits))
    except LetterRefused as refusal:
        outcome = ("refused", refusal.code, refusal.message)
    except MemoryError:
        outcome = ("memory",)
    except BaseException:  # any failure of a parser on these bytes is a refusal, not a crash
        outcome = ("failed",)
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory",))
    sender.close()


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the process maps now plus ``memory_mb``: a forked web
    worker already maps its libraries and thread stacks, which the file is not to blame for."""
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        mapped = 0
    limit = mapped + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _too_slow() -> LetterRefused:
    return LetterRefused(
        "too_slow",
        _(
            "This file took too long to check, so it was not accepted. Please send a simpler "
            "PDF (for example with “Print to PDF”), or a scan of the letter as JPEG or PNG."
        ),
    )


def _too_much_memory() -> LetterRefused:
    return LetterRefused(
        "too_much_memory",
        _(
            "This file needs too much memory to check, so it was not accepted. Please send a "
            "simpler PDF (for example with “Print to PDF”), or a smaller scan as JPEG or PNG."
        ),
    )


def _could_not_check() -> LetterRefused:
    return LetterRefused(
        "could_not_check",
        _(
            "This file could not be checked; it may be damaged. Please save or export the "
            "letter again as a PDF, or send a scan of it as JPEG or PNG."
        ),
    )
