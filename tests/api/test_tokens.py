"""Personal tokens: made and revoked by their owner, shown once, stored hashed; staff need a
session that passed the second factor; a token reads what the desk's rules allow, no more."""

import hashlib

import pytest
from django.urls import reverse

from api.models import PersonalToken
from reviews import domain as reviews_domain
from tests.factories import PASSWORD, UserFactory, login, totp_code
from tests.reviews.factories import (
    into_committee_review,
    make_coordinator,
    make_reviewer,
    submit_scores,
    submitted_application,
)

pytestmark = pytest.mark.django_db

TOKENS = "/accounts/api-tokens/"


def new_token(client, name="Website"):
    response = client.post(TOKENS, {"name": name})
    assert response.status_code == 200, response.content[:500]
    return response.context["created"]["token"]


def staff_sign_in(client, user):
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    return client


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_is_shown_once_and_stored_hashed(client):
    user = UserFactory()
    login(client, user)
    token = new_token(client)

    row = PersonalToken.objects.get(owner=user)
    assert token.startswith(f"ogp_{row.prefix}_")
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(PersonalToken.objects.values().get())
    assert token not in client.get(TOKENS).content.decode()
    assert client.get(reverse("api:call-list"), **bearer(token)).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_a_revoked_or_wrong_token_is_refused(client):
    user = UserFactory()
    login(client, user)
    token = new_token(client)
    row = PersonalToken.objects.get(owner=user)
    url = reverse("api:call-list")

    assert client.get(url, **bearer(token[:-2] + "xx")).status_code == 401
    assert client.post(reverse("api:token_revoke", kwargs={"pk": row.pk})).status_code == 302
    assert client.get(url, **bearer(token)).status_code == 401
    assert client.get(url).status_code == 200  # without a token: the public API


def test_nobody_revokes_someone_elses_token(client):
    owner = UserFactory()
    login(client, owner)
    new_token(client)
    row = PersonalToken.objects.get(owner=owner)
    login(client, UserFactory())
    client.post(reverse("api:token_revoke", kwargs={"pk": row.pk}))
    row.refresh_from_db()
    assert row.revoked_at is None


def test_a_token_needs_a_name(client):
    login(client, UserFactory())
    response = client.post(TOKENS, {"name": "  "})
    assert response.status_code == 400
    assert not PersonalToken.objects.exists()


def test_staff_need_the_second_factor_in_this_session(client):
    coordinator = make_coordinator()
    client.force_login(coordinator)  # signed in, but not through the second factor
    assert client.post(TOKENS, {"name": "Pipeline"}).status_code == 403
    assert not PersonalToken.objects.exists()

    client.logout()
    staff_sign_in(client, coordinator)
    new_token(client, "Pipeline")
    assert PersonalToken.objects.filter(owner=coordinator).count() == 1


@pytest.fixture
def review_scene():
    coordinator = make_coordinator()
    reviewer = make_reviewer(country="KE")
    other_reviewer = make_reviewer(country="KE")
    assigned = into_committee_review(submitted_application(country="CL"), coordinator)
    not_assigned = submitted_application(country="PE", call=assigned.call)
    own = reviews_domain.assign_reviewer(
        application=assigned, reviewer=reviewer, assigned_by=coordinator
    )
    other = reviews_domain.assign_reviewer(
        application=assigned, reviewer=other_reviewer, assigned_by=coordinator
    )
    submit_scores(other, 4)
    return {
        "coordinator": coordinator,
        "reviewer": reviewer,
        "own": own,
        "assigned": assigned,
        "not_assigned": not_assigned,
    }


def token_for(client, user):
    if user.is_staff:
        staff_sign_in(client, user)
    else:
        login(client, user)
    token = new_token(client)
    client.logout()
    return token


def test_review_endpoints_follow_the_desks_rules(client, review_scene):
    coordinator_token = token_for(client, review_scene["coordinator"])
    reviewer_token = token_for(client, review_scene["reviewer"])
    applicant_token = token_for(client, UserFactory())
    url = reverse("api:review-application-list")

    def references(token):
        return {row["reference"] for row in client.get(url, **bearer(token)).json()["results"]}

    both = {review_scene["assigned"].reference, review_scene["not_assigned"].reference}
    assert references(coordinator_token) == both
    assert references(applicant_token) == set()
    reviewer_sees = references(reviewer_token)
    assert review_scene["not_assigned"].reference not in reviewer_sees
    hidden = reverse(
        "api:review-application-detail",
        kwargs={"reference": review_scene["not_assigned"].reference},
    )
    assert client.get(hidden, **bearer(reviewer_token)).status_code == 404
    assert client.get(hidden, **bearer(coordinator_token)).status_code == 200
    assert client.get(url).status_code == 401
    assert reviewer_sees == {review_scene["assigned"].reference}


def test_reviews_and_scores_as_the_desk_shows_them(client, review_scene):
    reviewer_token = token_for(client, review_scene["reviewer"])
    coordinator_token = token_for(client, review_scene["coordinator"])
    url = reverse(
        "api:review-application-reviews",
        kwargs={"reference": review_scene["assigned"].reference},
    )

    # Before submitting their own review, a reviewer sees no one else's.
    assert client.get(url, **bearer(reviewer_token)).json() == []
    coordinator_sees = client.get(url, **bearer(coordinator_token)).json()
    assert len(coordinator_sees) == 1
    assert {score["value"] for score in coordinator_sees[0]["scores"]} == {4}

    submit_scores(review_scene["own"], 3)
    reviewer_sees = client.get(url, **bearer(reviewer_token)).json()
    assert sorted(review["own"] for review in reviewer_sees) == [False, True]
    hidden = reverse(
        "api:review-application-reviews",
        kwargs={"reference": review_scene["not_assigned"].reference},
    )
    assert client.get(hidden, **bearer(reviewer_token)).status_code == 404
