"""Judges that stand for inspect_letter in the sandbox's child (tests/letters/test_sandbox.py).

The child is forked from a fresh fork server, not from the test process, so a parser replaced
in the test (monkeypatch) stays unreplaced there: these reach the child by name instead.
"""

import json
import os
import pickle
import posix
import socket
import struct
import threading
import time

from letters.validation import LetterRefused, inspect_letter

# A lock the child's code takes, as logging, a C library or Django takes its own.
LOCK = threading.Lock()


def hang(data, **limits):
    while True:
        time.sleep(0.05)


def exhaust_memory(data, **limits):
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def crash(data, **limits):
    os.abort()  # a parser that segfaults ends the same way: the child is gone without a word


def inspect_under_lock(data, **limits):
    with LOCK:
        return inspect_letter(data, **limits)


# --- Probes: what a parser taken over by the file could reach (tests/letters/test_confinement.py).
# Each reports through the one channel the child has, a refusal's message.


def _report(**facts):
    raise LetterRefused("report", json.dumps(facts, default=repr))


def report_secrets(data, **limits):
    """``data``: the secret to look for, wherever a parser could look."""
    from django.conf import settings

    with open("/proc/self/environ", "rb") as environ:
        initial = environ.read()
    _report(
        environ=dict(os.environ),
        posix_environ=len(posix.environ),
        initial_environ_has_it=data in initial,
        settings_have_it=data.decode()
        in repr({name: getattr(settings, name) for name in dir(settings) if name.isupper()}),
        secret_key=settings.SECRET_KEY,
    )


def report_memory(data, **limits):
    """Which live Python objects hold the secret (``data`` is its hex, so that the call's own
    arguments do not hold it), and how many times it still lies anywhere in the child's
    readable memory (freed memory included; two copies are this probe's own)."""
    import gc

    data = bytes.fromhex(data.decode())
    secret = data.decode()
    holders = []
    for obj in gc.get_objects():
        if type(obj) in (dict, list, tuple):
            values = obj.values() if type(obj) is dict else obj
            if any(
                (isinstance(value, str) and secret in value)
                or (isinstance(value, bytes) and data in value)
                for value in values
            ):
                holders.append(type(obj).__name__)
    found = 0
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", buffering=0) as memory:
        for line in maps:
            span, permissions, *rest = line.split()
            if not permissions.startswith("r") or (rest and rest[-1] in ("[vvar]", "[vsyscall]")):
                continue
            start, end = (int(part, 16) for part in span.split("-"))
            try:
                memory.seek(start)
                found += memory.read(end - start).count(data)
            except OSError:
                continue
    _report(holders=holders, found=found)


def report_descriptors(data, **limits):
    open_fds = []
    for fd in range(1024):
        try:
            os.fstat(fd)
        except OSError:
            continue
        open_fds.append(fd)
    _report(
        descriptors=open_fds,
        null=[os.path.samestat(os.fstat(fd), os.stat(os.devnull)) for fd in (0, 1)],
    )


def report_connection(data, **limits):
    """``data``: b"host:port" to connect to."""
    host, port = data.decode().rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            _report(connected=True, error="")
    except OSError as error:
        _report(connected=False, error=str(error))


class _Planted:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def send_pickle(data, **limits):
    """A child taken over writes a pickle to its pipe which, unpickled, runs code in the web
    process (here: makes the directory named by ``data``)."""
    payload = pickle.dumps(_Planted(data.decode()))
    for fd in range(3, 1024):
        try:
            os.write(fd, struct.pack("!i", len(payload)) + payload)
        except OSError:
            continue
    os._exit(0)
