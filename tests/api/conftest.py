import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def roles_and_fresh_rates(db):
    """The staff groups, and rate-limit counters from zero (they live in the shared cache)."""
    from accounts.roles import ensure_roles

    ensure_roles()
    cache.clear()
    yield
    cache.clear()
