"""Password hashers: Argon2id, as Django recommends, with parameters measured on our machines;
old PBKDF2 hashes still sign in and are re-hashed with Argon2id at that sign-in. At most one
hash is computed at a time in each web process.

Argon2id at 19 MiB of memory, 2 passes, 1 lane is one of the OWASP Password Storage Cheat
Sheet's recommended settings (its minimum of equal strength to 46 MiB × 1 pass); on our 2-core
machines one verification takes about 30 ms of CPU, against about 250 ms for Django's PBKDF2 at
a million iterations (docs/deployment.md, "Passwords"). Memory-hardness, not the iteration
count, is what makes a stolen hash expensive to guess on graphics cards.

A hash releases the interpreter lock, so with threaded gunicorn workers every thread signing
someone in would run one in parallel, and a crowd at a deadline would take each core from the
cheap requests (a section save, a page) beside it. Queued here, a sign-in waits for the one
before it in its process; the others are served.
"""

import threading

from django.contrib.auth import hashers

_ONE_AT_A_TIME = threading.Lock()


class OneAtATime:
    """Hash (``encode``) and check (``verify``) under the process's one lock.

    Django's PBKDF2 checks by hashing again (``verify`` calls ``encode``): the lock is not
    re-entrant, so only the outermost call takes it.
    """

    _held = threading.local()

    def _serially(self, work, *args, **kwargs):
        if getattr(self._held, "yes", False):
            return work(*args, **kwargs)
        with _ONE_AT_A_TIME:
            self._held.yes = True
            try:
                return work(*args, **kwargs)
            finally:
                self._held.yes = False

    def encode(self, *args, **kwargs):
        return self._serially(super().encode, *args, **kwargs)

    def verify(self, *args, **kwargs):
        return self._serially(super().verify, *args, **kwargs)


class Argon2PasswordHasher(OneAtATime, hashers.Argon2PasswordHasher):
    """Argon2id (Django's hasher; its stored format, so Django's own class reads these hashes
    too) at OWASP's 19 MiB, t=2, p=1. Changing these numbers re-hashes each password at its
    owner's next sign-in (``must_update``)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


class PBKDF2PasswordHasher(OneAtATime, hashers.PBKDF2PasswordHasher):
    """Reads the "pbkdf2_sha256" hashes made before Argon2id; the sign-in that checks one
    stores an Argon2id hash instead (Django re-hashes when the preferred hasher differs)."""
