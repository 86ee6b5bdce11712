import pytest


@pytest.fixture(autouse=True)
def review_roles(db):
    from accounts.roles import ensure_roles

    ensure_roles()
