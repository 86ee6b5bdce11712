import pytest


@pytest.fixture(autouse=True)
def review_roles(db):
    """The groups and default e-mails of migration 0002, back after a transactional test emptied
    the database."""
    from accounts.roles import ensure_roles
    from reviews.domain import ensure_default_decision_emails

    ensure_roles()
    ensure_default_decision_emails()
