import pytest


@pytest.fixture(autouse=True)
def review_roles(db):
    """The coordinator group, back after a transactional test emptied the database."""
    from accounts.roles import ensure_roles

    ensure_roles()
