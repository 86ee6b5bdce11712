"""Judges that stand for inspect_letter in the sandbox's child (tests/letters/test_sandbox.py).

The child is forked from a fresh fork server, not from the test process, so a parser replaced
in the test (monkeypatch) stays unreplaced there: these reach the child by name instead.
"""

import os
import threading
import time

from letters.validation import inspect_letter

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
