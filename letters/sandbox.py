"""Reading an uploaded letter in a child process, with a time and a memory limit.

The parsers (qpdf through pikepdf, pypdf, pyHanko, Pillow) run on untrusted bytes. A file built
to make one of them loop or allocate without end must cost one refusal, not a web worker: the
child limits its own address space and CPU time, judges the bytes with
``validation.inspect_letter`` in the request's language and sends back the result. If it is
not done in time it is killed. The child never touches the database or storage: it only reads
bytes it is sent. It is confined (letters/confinement.py: no environment, no secret settings,
no descriptor but its pipe, no sockets) and its reply is plain JSON (letters/sandbox_reply.py).
At most LETTER_SANDBOX_MAX_CHILDREN run at once per process; one more waits at most
LETTER_SANDBOX_WAIT_SECONDS for a slot (a burst of uploads at the deadline), then is SandboxBusy.

The child is not forked from the web process, which runs several threads (gunicorn gthread): a
lock another thread holds at that moment would stay locked forever in the child, and the check
would end as "too slow". It is forked by multiprocessing's fork server instead: a fresh,
single-threaded process started the first time a letter is checked (one per web process, about
100 MB resident), which has set Django up, loaded the parsers and read one letter
(letters/sandbox_server.py). The child activates the request's language, sent with the bytes.
As with any start method but fork, the child imports the parent's main script again, so a
script that checks letters needs the ``if __name__ == "__main__":`` guard (manage.py, gunicorn
and pytest have it).

Cost, 20 checks of a 4 kB PDF on the development machine (reading it in process: 4 ms): forked
from the web process, 10 ms more a check; from the fork server, 17 ms more, and 1.5 s once to
start the server. The child maps about 200 MB of address space before it reads anything.
"""

import contextlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import threading

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .confinement import confine
from .sandbox_reply import (
    MAX_REPLY_BYTES,
    UnreadableReply,
    failure_reply,
    letter_reply,
    read_reply,
    refusal_reply,
)
from .validation import InspectedLetter, LetterRefused, inspect_letter

logger = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["letters.sandbox_server"])
# Children running now in this process, at most LETTER_SANDBOX_MAX_CHILDREN.
_children = 0
_children_freed = threading.Condition()


class SandboxBusy(LetterRefused):
    """Every child this process may run is reading a letter: try again in ``retry_after`` s.
    Not the file's fault, so the read endpoints answer 503 rather than 400."""

    def __init__(self):
        self.retry_after = settings.LETTER_SANDBOX_RETRY_AFTER
        super().__init__(
            "busy",
            _(
                "Many letters are being checked right now. Nothing was lost: please send "
                "the file again in a minute."
            ),
        )


@contextlib.contextmanager
def _child_slot():
    """One of LETTER_SANDBOX_MAX_CHILDREN slots, waited for LETTER_SANDBOX_WAIT_SECONDS at
    most, then SandboxBusy: a short wait absorbs a burst, and a flood cannot hold every web
    thread for longer than that."""
    global _children
    with _children_freed:
        has_slot = _children_freed.wait_for(
            lambda: _children < settings.LETTER_SANDBOX_MAX_CHILDREN,
            timeout=settings.LETTER_SANDBOX_WAIT_SECONDS,
        )
        if not has_slot:
            raise SandboxBusy()
        _children += 1
    try:
        yield
    finally:
        with _children_freed:
            _children -= 1
            _children_freed.notify()


def start_server() -> None:
    """Start the fork server now rather than at the first check, which would wait for it
    (gunicorn.conf.py calls this as each worker starts, before its threads)."""
    multiprocessing.forkserver.ensure_running()


def inspect_letter_isolated(
    data: bytes,
    *,
    seconds: float | None = None,
    memory_mb: int | None = None,
    judge=inspect_letter,
) -> InspectedLetter:
    """``inspect_letter(data)`` in a child process limited to ``seconds`` of wall-clock time
    (LETTER_PARSE_SECONDS) and ``memory_mb`` of memory beyond what the fresh child maps
    (LETTER_PARSE_MEMORY_MB). Raises LetterRefused as inspect_letter does, and also when
    the child runs out of time or memory or dies. Messages are in the active language.

    ``judge`` stands for inspect_letter; it reaches the child by name, so it must be a
    module-level function (tests pass one that hangs, crashes or hoards memory).

    Raises SandboxBusy (a LetterRefused) at once when this process already runs
    LETTER_SANDBOX_MAX_CHILDREN children."""
    with _child_slot():
        return _inspect_in_child(data, seconds=seconds, memory_mb=memory_mb, judge=judge)


def _inspect_in_child(data, *, seconds, memory_mb, judge) -> InspectedLetter:
    seconds = settings.LETTER_PARSE_SECONDS if seconds is None else seconds
    memory_mb = settings.LETTER_PARSE_MEMORY_MB if memory_mb is None else memory_mb
    limits = {
        "max_bytes": settings.LETTER_MAX_BYTES,
        "max_pages": settings.LETTER_MAX_PAGES,
        "max_pixels": settings.LETTER_MAX_PIXELS,
    }
    language = translation.get_language()
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(
        target=_judge,
        args=(sender, judge, data, limits, language, seconds, memory_mb),
        daemon=True,
    )
    child.start()
    sender.close()  # the child holds its copy; EOF here means the child is gone
    try:
        if not receiver.poll(seconds):
            raise _too_slow()
        try:
            kind, outcome = read_reply(receiver.recv_bytes(MAX_REPLY_BYTES), data=data)
        except EOFError:  # died without a word: killed by a limit, or a parser crashed
            raise _could_not_check() from None
        except (OSError, UnreadableReply):  # too long, or not what an honest child sends
            logger.warning("letter sandbox: the child's reply was refused")
            raise _could_not_check() from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "letter":
        return outcome
    if kind == "refused":
        raise outcome
    raise _could_not_check() if kind == "failed" else _too_much_memory()


def _judge(sender, judge, data, limits, language, seconds, memory_mb) -> None:
    """In the child: limit and confine ourselves, judge in the request's language, send one
    JSON reply back (letters/sandbox_reply.py)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing parser leaves no core file
    _set_django_up()
    if language:
        translation.activate(language)
    else:
        translation.deactivate_all()
    translation.gettext("")  # load the catalogues before the limits: they are not the file's
    _limit_memory(memory_mb)
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    confine(keep_fd=sender.fileno())  # no secrets, no descriptors, no sockets, no files
    try:
        reply = letter_reply(judge(data, **limits))
    except LetterRefused as refusal:
        reply = refusal_reply(refusal)
    except MemoryError:
        reply = failure_reply("memory")
    except BaseException:  # any failure of a parser on these bytes is a refusal, not a crash
        reply = failure_reply("failed")
    try:
        sender.send_bytes(reply)
    except MemoryError:
        sender.send_bytes(failure_reply("memory"))
    sender.close()


def _set_django_up() -> None:
    """The fork server has set Django up (letters/sandbox_server.py); should its preloading
    have failed, do it here, so that a broken setup fails loudly in the child's stderr."""
    from django.apps import apps  # noqa: PLC0415 - only in the child

    if not apps.ready:
        import django  # noqa: PLC0415

        django.setup()


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the child maps now plus ``memory_mb``: it maps Python,
    Django and the parsers' libraries (about 200 MB of address space, half of it resident),
    which the file is not to blame for. Relative rather than absolute, so the allowance stays
    the file's own whatever those libraries map on another machine."""
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
