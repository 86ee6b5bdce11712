import pytest


@pytest.fixture(autouse=True)
def review_roles(db):
    from accounts.roles import ensure_roles
    from reviews.domain import ensure_default_decision_emails

    ensure_roles()
    ensure_default_decision_emails()
