"""Issue 25: Argon2id at OWASP's parameters; old PBKDF2 hashes sign in and are upgraded; one
hash at a time in each process, checks included."""

import threading

import pytest
from django.contrib.auth import authenticate, hashers

import ogp_portal.settings as production
from accounts.hashers import _ONE_AT_A_TIME, Argon2PasswordHasher, PBKDF2PasswordHasher
from tests.factories import UserFactory


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the tests use a fast one
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    yield
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()


def test_production_hashes_with_argon2id_at_owasp_parameters(production_hashers):
    encoded = hashers.make_password("a long pass phrase 2026")
    assert isinstance(hashers.get_hasher("default"), Argon2PasswordHasher)
    # $argon2id$v=19$m=19456,t=2,p=1$salt$hash
    _algorithm, variety, _version, parameters, _salt, _hash = encoded.split("$")
    assert variety == "argon2id"
    assert parameters == "m=19456,t=2,p=1"
    assert hashers.check_password("a long pass phrase 2026", encoded)
    assert not hashers.check_password("a wrong pass phrase", encoded)


def test_an_old_pbkdf2_hash_signs_in_and_is_upgraded(production_hashers, db):
    user = UserFactory()
    django_pbkdf2 = hashers.PBKDF2PasswordHasher()
    user.password = django_pbkdf2.encode("the old pass phrase", django_pbkdf2.salt())
    user.save(update_fields=["password"])

    assert authenticate(email=user.email, password="a wrong one") is None
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # a failed try changes nothing

    assert authenticate(email=user.email, password="the old pass phrase") == user
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert authenticate(email=user.email, password="the old pass phrase") == user


def test_a_weaker_argon2_hash_is_strengthened_at_sign_in(production_hashers, db):
    user = UserFactory()
    weaker = type("Weaker", (hashers.Argon2PasswordHasher,), {"memory_cost": 8 * 1024})()
    user.password = weaker.encode("pass phrase 2026", weaker.salt())
    user.save(update_fields=["password"])
    assert authenticate(email=user.email, password="pass phrase 2026") == user
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password


@pytest.mark.parametrize("hasher_class", [Argon2PasswordHasher, PBKDF2PasswordHasher])
def test_a_second_check_waits_for_the_first(hasher_class):
    hasher, done = hasher_class(), []
    if hasher_class is PBKDF2PasswordHasher:
        encoded = hasher.encode("pass phrase", "somesalt1234", iterations=1000)
    else:
        encoded = hasher.encode("pass phrase", hasher.salt())

    def sign_in():
        done.append(hasher.verify("pass phrase", encoded))

    with _ONE_AT_A_TIME:  # a hash in progress in this process
        waiting = threading.Thread(target=sign_in)
        waiting.start()
        waiting.join(timeout=0.3)
        assert waiting.is_alive() and done == []
    waiting.join(timeout=10)
    assert done == [True]
