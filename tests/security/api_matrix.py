"""The API in the permission matrix: every ``api:`` URL pattern for every role, with and
without a personal token.

- ``session_rows()``: rows of ``TABLE`` (the roles' signed-in sessions, no token). The API
  reads no session: what a signed-in client gets there is what anyone gets; the review
  endpoints answer 401. The token pages are the account's, behind the sign-in.
- ``token_rule()``: the same endpoints with each account's own token (``run_with_tokens``);
  people without an account have no token and are left out.
"""

from __future__ import annotations

from django.urls import reverse

from api.models import PersonalToken
from api.tokens import _hash
from tests.security.matrix import BAD, LOGIN, MISSING, MOVED, NOT_ALLOWED, OK, category
from tests.security.scene import (
    ANONYMOUS,
    COORDINATOR,
    INVITEES,
    REVIEWER_ASSIGNED,
    REVIEWER_DRAFTING,
    SIGNED_IN_BEFORE_PROMOTION,
    WITHOUT_SECOND_FACTOR,
)

UNAUTHORIZED = "401"
GET, POST = "GET", "POST"
# A session from before its account was made staff has ended: it answers as no account.
NO_ACCOUNT = (ANONYMOUS, *INVITEES, SIGNED_IN_BEFORE_PROMOTION)

# Who reads application A (in committee review) through the review API: the rule
# reviews.read_application, as on the desk, whether the reviewer's own review is submitted or a
# draft (the latter reads only their own review there). B is a draft: nobody's review.
READS_A = (COORDINATOR, REVIEWER_ASSIGNED, REVIEWER_DRAFTING)
# A personal token stands for its account, whatever the session: staff create one only in a
# session that gave the second factor (api.tokens.create_token). So the accounts of the staff
# roles without the code in this session, and the account promoted to coordinator, read A with
# their token as their account may.
TOKEN_READS_A = (*READS_A, *WITHOUT_SECOND_FACTOR, SIGNED_IN_BEFORE_PROMOTION)


def public_targets(s):
    """Every public endpoint with a published and, where one exists, an unpublished target."""
    objects = s.objects
    call = objects["call"]
    return {
        "api:call-list": {"-": reverse("api:call-list")},
        "api:call-detail": {
            "open": reverse("api:call-detail", kwargs={"slug": call.slug}),
            "past": reverse("api:call-detail", kwargs={"slug": "matrix-past"}),
            "unpublished": reverse("api:call-detail", kwargs={"slug": "no-such-call"}),
        },
        "api:call-results": {
            "unpublished": reverse("api:call-results", kwargs={"slug": call.slug}),
        },
        "api:member-list": {"-": reverse("api:member-list")},
        "api:member-detail": {"-": reverse("api:member-detail", args=[objects["member"].pk])},
        "api:plan-list": {"-": reverse("api:plan-list")},
        "api:plan-detail": {
            "published": reverse("api:plan-detail", args=[objects["plan"].pk]),
            "unpublished": reverse("api:plan-detail", args=[objects["unpublished_plan"].pk]),
        },
        "api:commitment-list": {"-": reverse("api:commitment-list")},
        "api:milestone-list": {"-": reverse("api:milestone-list")},
        "api:report-list": {"-": reverse("api:report-list")},
        "api:report-detail": {
            "published": reverse("api:report-detail", args=[objects["report"].pk]),
            "unpublished": reverse("api:report-detail", args=[objects["unpublished_report"].pk]),
        },
        "api:schema": {"-": reverse("api:schema")},
        "api:docs": {"-": reverse("api:docs")},
    }


def review_targets(s):
    a, b = s.applications["A"], s.applications["B"]
    return {
        "api:review-application-list": {"-": reverse("api:review-application-list")},
        "api:review-application-detail": {
            "A": reverse("api:review-application-detail", args=[a.reference]),
            "B": reverse("api:review-application-detail", args=[b.reference]),
        },
        "api:review-application-reviews": {
            "A": reverse("api:review-application-reviews", args=[a.reference]),
            "B": reverse("api:review-application-reviews", args=[b.reference]),
        },
    }


def _public_get(target):
    return MISSING if target == "unpublished" else OK


def public_rule(role, method, target):
    """The same for every role, token or not."""
    return _public_get(target) if method == GET else NOT_ALLOWED


def session_rows(row_class, expect):
    """Rows for TABLE (``Row`` and ``expect`` from the matrix, to avoid an import cycle)."""
    rows = {}
    for key in public_targets_keys():
        rows[key] = row_class(
            lambda s, k=key: public_targets(s)[k],
            lambda role, method, target: expect(public_rule(role, method, target)),
        )
    for key in review_keys():
        rows[key] = row_class(
            lambda s, k=key: review_targets(s)[k],
            lambda role, method, target: expect(UNAUTHORIZED),
        )
    rows["api:tokens"] = row_class(
        lambda s: {"-": reverse("api:tokens")},
        lambda role, method, target: expect(
            LOGIN if role in NO_ACCOUNT else (OK if method == GET else BAD)
        ),
        note="an empty name is refused before anything else is asked",
    )
    rows["api:token_revoke"] = row_class(
        lambda s: {"coordinator's": reverse("api:token_revoke", args=[999_999])},
        lambda role, method, target: expect(
            LOGIN if role in NO_ACCOUNT else (NOT_ALLOWED if method == GET else MOVED)
        ),
        note="a token that is not the user's is 'not found', said on the token page",
    )
    return rows


def public_targets_keys():
    return (
        "api:call-list",
        "api:call-detail",
        "api:call-results",
        "api:member-list",
        "api:member-detail",
        "api:plan-list",
        "api:plan-detail",
        "api:commitment-list",
        "api:milestone-list",
        "api:report-list",
        "api:report-detail",
        "api:schema",
        "api:docs",
    )


def review_keys():
    return (
        "api:review-application-list",
        "api:review-application-detail",
        "api:review-application-reviews",
    )


def token_rule(key, role, method, target):
    """With the role's own token."""
    if key in public_targets_keys():
        return public_rule(role, method, target)
    if method == POST:
        return NOT_ALLOWED
    if key == "api:review-application-list":
        return OK
    return OK if (target == "A" and role in TOKEN_READS_A) else MISSING


def run_with_tokens(scene, roles):
    """Every API endpoint, GET and POST, with each role's token; the wrong answers."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    targets = {**public_targets(scene), **review_targets(scene)}
    wrong = []
    for role in roles:
        user = scene.users[role]
        if user is None:
            continue
        # One token per role (roles may share an account: staff without the second factor).
        token = f"ogp_r{roles.index(role)}{role.replace('_', '')[:9]}_matrix-token-{user.pk}"
        prefix = token.split("_", 2)[1]
        PersonalToken.objects.create(
            owner=user, name="matrix", prefix=prefix, token_hash=_hash(token)
        )
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        for key, paths in targets.items():
            for target, path in paths.items():
                for method in (GET, POST):
                    response = client.generic(method, path, **headers)
                    got = category(response)
                    wanted = token_rule(key, role, method, target)
                    if got != wanted:
                        wrong.append(
                            f"{'LEAK ' if got == OK else ''}{role} {method} {path} ({key}, "
                            f"{target}) with a token: got {got}, table says {wanted}"
                        )
    return wrong


def webhook_objects(s):
    """A webhook endpoint and one delivery for the desk's pages, made once per scene."""
    from webhooks.models import Delivery, Endpoint

    if "webhook_endpoint" not in s.objects:
        endpoint = Endpoint.objects.create(
            url="https://hooks.example.org/ogp", events=["plan.published"]
        )
        delivery = Delivery.objects.create(
            endpoint=endpoint, event="plan.published", payload={"data": {}}
        )
        s.objects.update(webhook_endpoint=endpoint, webhook_delivery=delivery)
    return s.objects
