"""Issue 15: Django's PBKDF2 unchanged, one hash at a time in each process."""

import threading

from django.contrib.auth import hashers

import ogp_portal.settings as production
from accounts.hashers import _ONE_AT_A_TIME, PBKDF2PasswordHasher


def test_production_hashes_with_django_pbkdf2_at_full_strength(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the tests use a fast one
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    try:
        encoded = hashers.make_password("a long pass phrase 2026")
        assert isinstance(hashers.get_hasher("default"), PBKDF2PasswordHasher)
        # A hash made by Django's own hasher is read by this one and not redone.
        django_hasher = hashers.PBKDF2PasswordHasher()
        django_made = django_hasher.encode("old phrase", django_hasher.salt())
        assert isinstance(hashers.identify_hasher(django_made), PBKDF2PasswordHasher)
        assert hashers.check_password("old phrase", django_made)
        assert not PBKDF2PasswordHasher().must_update(django_made)
    finally:
        hashers.get_hashers.cache_clear()
        hashers.get_hashers_by_algorithm.cache_clear()
    algorithm, iterations, _salt, _hash = encoded.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert int(iterations) == hashers.PBKDF2PasswordHasher.iterations >= 1_000_000


def test_a_second_hash_waits_for_the_first():
    hasher, done = PBKDF2PasswordHasher(), []

    def sign_in():
        done.append(hasher.encode("pass phrase", "somesalt1234", iterations=1000))

    with _ONE_AT_A_TIME:  # a hash in progress in this process
        waiting = threading.Thread(target=sign_in)
        waiting.start()
        waiting.join(timeout=0.3)
        assert waiting.is_alive() and done == []
    waiting.join(timeout=10)
    assert hasher.verify("pass phrase", done[0])
