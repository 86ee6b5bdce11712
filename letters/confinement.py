"""What the letter sandbox's child may reach (letters/sandbox.py; docs/deployment.md).

The child runs parsers on untrusted bytes. Should a file take one of them over, the child must
hold nothing worth stealing and have no way to send anything anywhere but its own pipe:

- no secrets: the environment is emptied (``os.environ``, the interpreter's copy in
  ``posix.environ`` and the block the kernel shows as ``/proc/self/environ``), and every
  setting that names a credential or a server (secret key, database, cache, broker, storage,
  SMTP) is blanked, with the storage objects Django built from them. The fork server does this
  once after setting Django up (letters/sandbox_server.py), so every child starts without
  them, and each child does it again;
- no descriptors but its pipe: stdin and stdout are /dev/null, stderr stays (a parser's crash
  report), everything else is closed;
- no sockets and no new programs: a seccomp filter (libseccomp through ``pyseccomp``) makes
  socket(), socketpair(), execve(), ptrace() and process_vm_readv() fail with EACCES. Where
  seccomp cannot be loaded, the child leaves the network for a new, empty network namespace
  instead (as root, or where unprivileged user namespaces are allowed), else it logs a warning.

What this does not do (docs/deployment.md says it too): memory the interpreter freed is not
wiped, so text that was once a secret may still lie in the child's heap until overwritten; and
the child may still open files its user may read (the parsers import modules lazily, so
open() cannot be denied). With nothing able to leave the child but its reply, what it reads
stays with it; the web processes are made non-dumpable (gunicorn.conf.py), so their
/proc/<pid>/environ and memory are closed to another process of the same user.
"""

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
import posix
import re

from django.conf import settings

logger = logging.getLogger(__name__)

# Settings whose name says they hold a credential or the address of a server holding data.
SECRET_SETTING = re.compile(
    r"SECRET|PASSWORD|TOKEN|CREDENTIAL|ACCESS_KEY|DATABASE|BROKER|RESULT_BACKEND|REDIS|"
    r"CACHE|STORAGES|EMAIL_HOST|DSN|^AWS_|^S3_"
)
# Attributes of a storage object built from those settings (django-storages' S3Storage).
SECRET_ATTRIBUTE = re.compile(r"key|secret|password|token|session|endpoint", re.IGNORECASE)

NO_SECRET_KEY = "the-letter-sandbox-holds-no-secret-key"
PR_SET_DUMPABLE = 4
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

# Calls the child never needs once Django and the parsers are loaded.
DENIED_CALLS = (
    "socket",
    "socketpair",
    "execve",
    "execveat",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
)


def forget_secrets() -> None:
    """Empty the environment and blank the secret settings, in this process."""
    os.environ.clear()
    posix.environ.clear()
    _zero_initial_environment()
    _blank_settings()


def confine(*, keep_fd: int) -> None:
    """Make this process a child that holds no secret and reaches only ``keep_fd``."""
    forget_secrets()
    _close_descriptors(keep_fd)
    if not _deny_calls():
        _leave_network()


def make_undumpable() -> None:
    """Close this process's /proc/<pid>/environ and memory to other processes of its user
    (the letter checker's child among them): PR_SET_DUMPABLE 0. Also means no core file."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        logger.warning(
            "could not make the process non-dumpable (%s)", os.strerror(ctypes.get_errno())
        )


def _blank_settings() -> None:
    from django.core.cache import caches  # noqa: PLC0415 - Django is set up by now
    from django.core.files.storage import storages  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415

    from .models import Letter  # noqa: PLC0415

    wrapped = getattr(settings, "_wrapped", None)
    holders = [wrapped, getattr(wrapped, "_wrapped", None)]  # override_settings nests one
    module = __import__(settings.SETTINGS_MODULE, fromlist=["_"])
    holders.append(module)
    for holder in holders:
        if holder is None:
            continue
        for name in list(vars(holder)):
            if name.isupper() and SECRET_SETTING.search(name):
                setattr(holder, name, _blank(getattr(holder, name)))
        if hasattr(holder, "SECRET_KEY"):  # Django refuses an empty one when it is read
            holder.SECRET_KEY = NO_SECRET_KEY
    for name in [name for name in vars(settings) if SECRET_SETTING.search(name)]:
        del settings.__dict__[name]  # LazySettings keeps what was read once
    for handler in (connections, caches, storages):
        for cached in ("settings", "_settings", "backends", "_backends"):
            handler.__dict__.pop(cached, None)
    built = {Letter._meta.get_field("file").storage, *getattr(storages, "_storages", {}).values()}
    for storage in built:
        for name in list(vars(storage)):
            if SECRET_ATTRIBUTE.search(name) and isinstance(vars(storage)[name], (str, bytes)):
                setattr(storage, name, None)


def _blank(value):
    if isinstance(value, (dict, list, tuple, set, str, bytes)):
        return type(value)()
    return None


def _zero_initial_environment() -> None:
    """Overwrite the environment strings the process was started with: /proc/self/environ
    (and any code reading that memory) shows them even after every variable was unset."""
    try:
        with open("/proc/self/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        # Fields 50 and 51 of proc(5), counted after the command name's closing parenthesis.
        start, end = int(fields[47]), int(fields[48])
    except (OSError, ValueError, IndexError):
        return
    if 0 < start < end:
        ctypes.memset(start, 0, end - start)


def _close_descriptors(keep_fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    os.closerange(3, keep_fd)  # the pipe is never 0, 1 or 2: those are open
    os.closerange(keep_fd + 1, os.sysconf("SC_OPEN_MAX"))


def _deny_calls() -> bool:
    """Load the seccomp filter; False if it cannot be loaded here."""
    try:
        import pyseccomp as seccomp  # noqa: PLC0415 - ctypes binding, loads libseccomp

        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for call in DENIED_CALLS:
            with contextlib.suppress(ValueError, RuntimeError):  # a call this kernel lacks
                rules.add_rule(seccomp.ERRNO(errno.EACCES), call)
        rules.load()
    except Exception as error:  # noqa: BLE001 - any failure means: no filter
        logger.warning("letter sandbox: seccomp filter not loaded (%s)", error)
        return False
    return True


def _leave_network() -> None:
    """Without seccomp: a new network namespace has only a loopback that is down."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return
    logger.warning(
        "letter sandbox: neither seccomp nor a network namespace is available; the child "
        "that reads letters can open network connections (%s)",
        os.strerror(ctypes.get_errno()),
    )
