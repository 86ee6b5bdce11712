"""The password hasher: Django's PBKDF2 (same algorithm, iterations and stored hashes), with at
most one hash computed at a time in each web process.

A hash costs about half a second of CPU and releases the interpreter lock, so with threaded
gunicorn workers every thread signing someone in would run one in parallel, and a crowd signing
in at a deadline would take each core from the cheap requests (a section save, a page) beside
it. Queued here, a sign-in waits for the one before it in its process; the others are served.
"""

import threading

from django.contrib.auth import hashers

_ONE_AT_A_TIME = threading.Lock()


class PBKDF2PasswordHasher(hashers.PBKDF2PasswordHasher):
    def encode(self, password, salt, iterations=None):
        # verify(), harden_runtime() and make_password() all hash through here.
        with _ONE_AT_A_TIME:
            return super().encode(password, salt, iterations)
