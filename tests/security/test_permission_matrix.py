"""The permission matrix (issue 10): every URL pattern of the resolver, requested by every role,
with GET and POST, each answer held against one table of who may see and change what.

- A pattern with no row in ``TABLE`` fails ``test_every_url_pattern_has_a_row``: a new view
  cannot escape the matrix. The admin's patterns come from the same resolver, so every
  registered ModelAdmin's pages (changelist, add, change, delete, history) and the desk's own
  views are in it.
- ``test_matrix[role]`` sends every request of one role and collects every wrong answer into one
  message: a leak (a page where the table says no), a server error, or an answer the table does
  not expect. The scene (``tests/security/scene.py``) is built once for the module; each
  request's writes are rolled back, so every role meets the same scene.
- POSTs here go through a client without CSRF checks (the table is about who may change what);
  ``test_csrf_is_enforced`` sends a sample of the same POSTs with the checks on.
- Issue 18 item 2: the coordinator and the assigned reviewer in a session that did not give the
  second factor are asked for their code on the desk and get nothing staff-only elsewhere (no
  letter, packet or unpublished member page); a session signed in before its account was made
  coordinator has ended and answers as no account.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from tests.security import api_matrix, matrix
from tests.security.matrix import (
    BAD,
    DENIED,
    ERROR,
    GONE,
    LOGIN,
    MFA,
    MISSING,
    MOVED,
    NOT_ALLOWED,
    OK,
    RoleClient,
)
from tests.security.scene import (
    ANONYMOUS,
    COORDINATOR,
    DISCUSSION_COMMENT,
    EDITOR_A,
    EDITOR_B,
    INVITEES,
    MONITOR_M,
    MONITOR_OTHER,
    PENDING_EDITOR,
    REVIEWER_ASSIGNED,
    REVIEWER_CONFLICTED,
    REVIEWER_DRAFTING,
    REVIEWER_EDITOR_OF_A,
    REVIEWERS,
    ROLES,
    SIGNED_IN_BEFORE_PROMOTION,
    SUBMITTED_SUMMARY,
    WITHOUT_SECOND_FACTOR,
    build_scene,
    promote_after_sign_in,
)

# The databases are set up for marked tests only; each test's own transaction is a savepoint in
# the scene's.
pytestmark = pytest.mark.django_db

GET, POST = "GET", "POST"
# A session signed in before its account was promoted has ended: it answers as no account.
NO_ACCOUNT = (ANONYMOUS, *INVITEES, SIGNED_IN_BEFORE_PROMOTION)
REFUSED = (MOVED, MISSING, DENIED)
STAFF = (*REVIEWERS, COORDINATOR)

# Reviewers who may read A as reviewers (reviews.read_application): those assigned, with no
# conflict (declared or not), whether their review is submitted or still a draft.
READS_A = (REVIEWER_ASSIGNED, REVIEWER_DRAFTING)
# Of those, who has submitted their review, and so sees the others' reviews and the committee's
# discussion (reviews.see_other_reviews, committee.discuss_application).
SEES_REVIEWS_OF_A = (REVIEWER_ASSIGNED,)


@dataclass(frozen=True)
class Expect:
    """What a cell accepts."""

    accepted: frozenset
    hides: tuple = ()  # texts the answer must not contain (what the role may not read)

    def allows(self, got):
        return got in self.accepted


def expect(*categories, hides=()):
    return Expect(frozenset(categories), tuple(hides))


@dataclass
class Row:
    targets: Callable  # scene -> {target label: path}
    rule: Callable  # (role, method, target) -> Expect or category
    note: str = ""


# --- Who is who, per target -------------------------------------------------------------------

EDITORS = {"A": (EDITOR_A, REVIEWER_EDITOR_OF_A), "D": (EDITOR_A,), "B": (EDITOR_B,)}


def signed_in(role, method, target, *, allowed, get=OK, post=(OK, MOVED), others=MISSING):
    """A page behind the portal's sign-in: ``allowed`` roles get it, other accounts ``others``,
    people without an account the sign-in page."""
    if role in NO_ACCOUNT:
        return expect(LOGIN)
    if role in allowed:
        return expect(*_tuple(get if method == GET else post))
    return expect(*_tuple(others))


def _tuple(value):
    return value if isinstance(value, tuple) else (value,)


def off_the_desk(role):
    """How the desk turns away a role without staff rights: staff whose session did not give the
    second factor are asked for their code, everyone else is sent to sign in."""
    return expect(MFA if role in WITHOUT_SECOND_FACTOR else LOGIN)


def everyone(*categories):
    return lambda role, method, target: expect(*categories)


def everyone_get(get, post):
    return lambda role, method, target: expect(*_tuple(get if method == GET else post))


# --- Applicant pages --------------------------------------------------------------------------


def application_page(get=OK, post=(OK, MOVED), post_only=False):
    """A page of one application for its editors; a 404 for any other account."""

    def rule(role, method, target):
        allowed = EDITORS[target]
        if post_only and method == GET:
            return signed_in(role, method, target, allowed=(), others=NOT_ALLOWED)
        wanted_get = get
        if target == "A":  # submitted: the edit pages send editors back to the application
            wanted_get = (*_tuple(get), MOVED)
        return signed_in(role, method, target, allowed=allowed, get=wanted_get, post=post)

    return rule


def applications(scene, name, **extra):
    def build(application_label):
        application = scene.applications[application_label]
        kwargs = {"reference": application.reference}
        for key, value in extra.items():
            kwargs[key] = value(scene, application_label)
        return reverse(name, kwargs=kwargs)

    return {label: build(label) for label in ("A", "B", "D")}


def of(kind):
    return lambda scene, label: scene.objects[f"{kind}_{label.lower()}"].pk


def owner_editor(scene, label):
    return scene.applications[label].editors.get(role="owner").pk


def first_letter(scene, label):
    return scene.applications[label].letters.order_by("pk").first().pk


def first_invitation(scene, label):
    invitation = scene.applications[label].letter_invitations.order_by("pk").first()
    return invitation.pk if invitation else 999_999


# --- Review pages: who reads application A as a reviewer ------------------------------------


def reader_of_a(role, target="A"):
    """Whether the table lets ``role`` read A on the desk as a reviewer."""
    return target == "A" and role in READS_A


def desk(
    role,
    method,
    target=None,
    *,
    coordinator=OK,
    reader=None,
    reviewer=DENIED,
    coordinator_post=None,
    reader_post=None,
    reviewer_post=None,
    readers=READS_A,
):
    """A desk page: people without staff rights are sent to sign in; coordinators get
    ``coordinator``; reviewers who may read A (``readers``) ``reader`` (for A's objects); other
    reviewers ``reviewer``."""
    if role not in STAFF:
        return off_the_desk(role)
    if role == COORDINATOR:
        value = coordinator_post if method == POST and coordinator_post is not None else coordinator
        return expect(*_tuple(value))
    other = reviewer_post if method == POST and reviewer_post is not None else reviewer
    if reader is None:
        return expect(*_tuple(other))
    mine = reader_post if method == POST and reader_post is not None else reader
    if target in (None, "A") and role in readers:
        return expect(*_tuple(mine))
    return expect(*_tuple(other))


# --- The table --------------------------------------------------------------------------------


def build_table():
    t = {}

    # Accounts (django-allauth): each page is about the visitor's own account.
    # Nothing private on these: a form, or a redirect for who is already signed in.
    own_account = everyone(OK, MOVED, LOGIN, NOT_ALLOWED)
    for name in (
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_email_verification_sent",
        "account_inactive",
        "account_confirm_login_code",
    ):
        t[name] = Row(lambda s, n=name: {"-": reverse(n)}, own_account)
    t["account_logout"] = Row(lambda s: {"-": reverse("account_logout")}, own_account)
    for name in (
        "account_email",
        "account_change_password",
        "account_set_password",
        "account_reauthenticate",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
    ):
        t[name] = Row(
            lambda s, n=name: {"-": reverse(n)},
            lambda role, method, target: (
                expect(LOGIN)
                if role in NO_ACCOUNT
                else expect(OK, MOVED, MFA, LOGIN, MISSING, BAD, NOT_ALLOWED)
            ),
            note="own account",
        )
    t["mfa_authenticate"] = Row(
        lambda s: {"-": reverse("mfa_authenticate")}, everyone(MOVED, LOGIN)
    )
    t["account_confirm_email"] = Row(
        lambda s: {"-": reverse("account_confirm_email", args=["not-a-key"])},
        everyone_get((OK, MISSING), (OK, MOVED, MISSING)),
    )
    t["account_reset_password_from_key"] = Row(
        lambda s: {"-": reverse("account_reset_password_from_key", args=["1", "not-a-key"])},
        everyone(OK, MOVED),
    )
    # Staff single sign-on (allauth.socialaccount, accounts/single_sign_on.py): allauth's pages
    # about the visitor's own sign-in (the error page answers 401), their older "social/"
    # routes (permanent redirects to them), and a provider's routes, missing unless
    # OIDC_PROVIDERS names the provider (none here). The flows through a provider are in
    # tests/accounts/test_single_sign_on.py.
    t["socialaccount_login_cancelled"] = Row(
        lambda s: {"-": reverse("socialaccount_login_cancelled")}, own_account
    )
    t["socialaccount_login_error"] = Row(
        lambda s: {"-": reverse("socialaccount_login_error")},
        everyone_get("401", NOT_ALLOWED),
    )
    t["socialaccount_signup"] = Row(lambda s: {"-": reverse("socialaccount_signup")}, own_account)
    t["socialaccount_connections"] = Row(
        lambda s: {"-": reverse("socialaccount_connections")},
        lambda role, method, target: (
            expect(LOGIN) if role in NO_ACCOUNT else expect(OK, MOVED, MFA, LOGIN)
        ),
        note="own account",
    )
    for route in ("login/cancelled/", "login/error/", "signup/", "connections/"):
        t[f"accounts/social/{route}"] = Row(
            lambda s, r=route: {"-": f"/accounts/social/{r}"}, everyone(MOVED)
        )
    for name in ("openid_connect_login", "openid_connect_callback"):
        t[name] = Row(
            lambda s, n=name: {"-": reverse(n, kwargs={"provider_id": "staff-idp"})},
            everyone(MISSING),
        )
    t["set_language"] = Row(
        lambda s: {"-": reverse("set_language")}, everyone_get((MOVED, NOT_ALLOWED), MOVED)
    )

    # Each person's own reminder choices.
    t["reminder_preferences"] = Row(
        lambda s: {"-": reverse("reminder_preferences")},
        lambda role, method, target: signed_in(role, method, target, allowed=ROLES),
    )

    # Applicant pages.
    t["dashboard"] = Row(
        lambda s: {"-": reverse("dashboard")},
        lambda role, method, target: signed_in(
            role, method, target, allowed=ROLES, post=(OK, MOVED, NOT_ALLOWED)
        ),
    )
    for name, get in (("application_start", OK), ("ask_for_access", NOT_ALLOWED)):
        t[name] = Row(
            lambda s, n=name: {"-": reverse(n, kwargs={"slug": s.objects["call"].slug})},
            lambda role, method, target, get=get: signed_in(
                role, method, target, allowed=ROLES, get=get, post=(OK, MOVED, BAD)
            ),
        )
    t["application_detail"] = Row(
        lambda s: applications(s, "application_detail"),
        application_page(post=(OK, MOVED, NOT_ALLOWED)),
    )
    for name in ("application_details", "editor_invite", "letters_manage"):
        t[name] = Row(lambda s, n=name: applications(s, n), application_page())
    t["editors"] = Row(
        lambda s: applications(s, "editors"), application_page(post=(OK, MOVED, NOT_ALLOWED))
    )
    t["editor_remove"] = Row(  # the owner: refused in words (the last owner stays)
        lambda s: applications(s, "editor_remove", editor_id=owner_editor),
        application_page(post=MOVED, post_only=True),
    )
    t["editor_invitation_withdraw"] = Row(
        lambda s: {
            "D": reverse(
                "editor_invitation_withdraw",
                kwargs={
                    "reference": s.applications["D"].reference,
                    "invitation_id": s.objects["editor_invitation"].pk,
                },
            )
        },
        application_page(post=MOVED, post_only=True),
    )
    t["section_edit"] = Row(
        lambda s: applications(
            s, "section_edit", section_id=lambda s, label: s.objects["section"].pk
        ),
        application_page(),
    )
    t["partner_add"] = Row(lambda s: applications(s, "partner_add"), application_page())
    t["partner_edit"] = Row(
        lambda s: applications(s, "partner_edit", partner_id=of("partner")), application_page()
    )
    t["partner_remove"] = Row(
        lambda s: applications(s, "partner_remove", partner_id=of("partner")),
        application_page(post=MOVED),  # GET: "remove this partner?"
    )
    for name in ("application_submit", "application_withdraw"):
        t[name] = Row(lambda s, n=name: applications(s, n), application_page())
    t["letter_withdraw"] = Row(
        lambda s: applications(s, "letter_withdraw", letter_id=first_letter),
        application_page(post_only=True, post=(MOVED, MISSING)),
    )
    t["letter_invitation_revoke"] = Row(
        lambda s: applications(s, "letter_invitation_revoke", invitation_id=first_invitation),
        application_page(post_only=True, post=(MOVED, MISSING)),
    )
    t["letter_read"] = Row(
        lambda s: applications(s, "letter_read"), application_page(post_only=True, post=BAD)
    )

    def letter_download(role, method, target):
        if role in (*EDITORS[target], COORDINATOR) or (target == "A" and role in READS_A):
            return expect(OK)
        return expect(MISSING)

    t["letter_download"] = Row(
        lambda s: applications(s, "letter_download", letter_id=first_letter), letter_download
    )

    def packet(role, method, target):
        if role in NO_ACCOUNT:
            return expect(LOGIN)
        may = role in EDITORS[target] or (target == "A" and role in (COORDINATOR, *READS_A))
        if may:
            return expect(OK if target == "A" else MISSING)
        return expect(MISSING)

    t["packet_download"] = Row(lambda s: applications(s, "packet_download"), packet)
    t["packet_version_download"] = Row(
        lambda s: applications(s, "packet_version_download", version=lambda s, label: 1), packet
    )

    # No-account links: whoever holds the link is its invitee.
    def letter_link(role, method, target):
        if target in ("valid", "used"):
            return expect(OK)  # an empty POST: the form again, with its errors
        return expect(GONE if target in ("expired", "withdrawn") else MISSING)

    t["letter_invitation"] = Row(
        lambda s: {
            state: reverse("letter_invitation", kwargs={"token": token})
            for state, token in s.letter_tokens.items()
        },
        letter_link,
    )
    t["invitation_letter_read"] = Row(
        lambda s: {
            state: reverse("invitation_letter_read", kwargs={"token": token})
            for state, token in s.letter_tokens.items()
        },
        lambda role, method, target: (
            expect(NOT_ALLOWED)
            if method == GET
            else expect(BAD if target in ("valid", "used") else MISSING)
        ),
    )

    def editor_link(role, method, target):
        if role in NO_ACCOUNT:
            return expect(LOGIN)
        if target != "valid":
            return expect(GONE)
        if method == GET:  # the link's holder sees what they are invited to
            return expect(OK)
        # Only the invited address may accept: anyone else holding the link is refused.
        return expect(MOVED if role == PENDING_EDITOR else DENIED)

    t["editor_invitation_accept"] = Row(
        lambda s: {
            state: reverse("editor_invitation_accept", kwargs={"token": token})
            for state, token in s.editor_tokens.items()
        },
        editor_link,
    )

    # The public side.
    t["front_door"] = Row(
        lambda s: {"-": reverse("front_door")}, everyone_get(OK, (OK, NOT_ALLOWED))
    )
    for name in ("call_detail", "call_record", "call_applications_json", "call_applications_csv"):
        t[name] = Row(
            lambda s, n=name: {
                "open": reverse(n, kwargs={"slug": s.objects["call"].slug}),
                "past": reverse(n, kwargs={"slug": "matrix-past"}),
            },
            everyone_get((OK, MISSING), (OK, MISSING, NOT_ALLOWED)),
        )
    t["public_letter"] = Row(
        lambda s: {
            "unpublished": reverse(
                "public_letter",
                kwargs={"slug": s.objects["call"].slug, "letter_id": s.objects["letter_a"].pk},
            )
        },
        everyone(MISSING),
    )

    # Members: public pages, and the members' workspace.
    member_editors = (EDITOR_A,)
    public_get = everyone_get(OK, (OK, NOT_ALLOWED))
    t["members:list"] = Row(lambda s: {"-": reverse("members:list")}, public_get)
    t["members:member"] = Row(
        lambda s: {"-": reverse("members:member", args=[s.objects["member"].pk])}, public_get
    )
    for name in ("members_json", "members_csv", "commitments_json", "commitments_csv"):
        t[f"members:{name}"] = Row(lambda s, n=name: {"-": reverse(f"members:{n}")}, public_get)

    def member_public(published_for_all_post=(OK, NOT_ALLOWED)):
        def rule(role, method, target):
            if target == "published" or role in (*member_editors, COORDINATOR):
                return expect(OK) if method == GET else expect(*published_for_all_post)
            return expect(MISSING)

        return rule

    def plans(name):
        return lambda s: {
            "published": reverse(name, args=[s.objects["member"].pk, s.objects["plan"].pk]),
            "unpublished": reverse(
                name, args=[s.objects["member"].pk, s.objects["unpublished_plan"].pk]
            ),
        }

    t["members:plan"] = Row(plans("members:plan"), member_public())
    t["members:plan_pdf"] = Row(
        plans("members:plan_pdf"),
        lambda role, method, target: expect(OK) if target == "published" else expect(MISSING),
    )
    t["members:report"] = Row(
        lambda s: {
            "published": reverse(
                "members:report", args=[s.objects["member"].pk, s.objects["report"].pk]
            ),
            "unpublished": reverse(
                "members:report",
                args=[s.objects["member"].pk, s.objects["unpublished_report"].pk],
            ),
        },
        member_public(),
    )

    def workspace(get=OK, post=(OK, MOVED), post_only=False):
        def rule(role, method, target):
            if post_only and method == GET:
                return signed_in(role, method, target, allowed=(), others=NOT_ALLOWED)
            return signed_in(role, method, target, allowed=member_editors, get=get, post=post)

        return rule

    # Records: the privacy page for everyone; a person's own data for every account.
    t["privacy"] = Row(lambda s: {"-": reverse("privacy")}, everyone_get(OK, NOT_ALLOWED))
    for name, get, post in (
        ("your_data", OK, NOT_ALLOWED),
        ("your_data_download", NOT_ALLOWED, OK),
        ("your_data_erase", NOT_ALLOWED, BAD),  # without the confirmation: nothing erased
    ):
        t[name] = Row(
            lambda s, n=name: {"-": reverse(n)},
            lambda role, method, target, get=get, post=post: signed_in(
                role, method, target, allowed=ROLES, get=get, post=post
            ),
            note="the visitor's own data",
        )
    t["members:workspace"] = Row(
        lambda s: {"-": reverse("members:workspace")},
        lambda role, method, target: signed_in(
            role, method, target, allowed=ROLES, post=(OK, NOT_ALLOWED)
        ),
    )
    t["members:member_workspace"] = Row(
        lambda s: {"-": reverse("members:member_workspace", args=[s.objects["member"].pk])},
        workspace(),
    )
    t["members:editor_invitation_withdraw"] = Row(
        lambda s: {
            "-": reverse(
                "members:editor_invitation_withdraw",
                args=[s.objects["member"].pk, s.objects["member_editor_invitation"].pk],
            )
        },
        workspace(post_only=True),
    )

    def member_editor_link(role, method, target):
        if role in NO_ACCOUNT:
            return expect(LOGIN)
        if target != "valid":
            return expect(GONE)
        if method == GET:  # the link's holder sees which member they are invited to
            return expect(OK)
        # Only the invited address may accept: anyone else holding the link is refused.
        return expect(MOVED if role == PENDING_EDITOR else DENIED)

    t["members:editor_invitation_accept"] = Row(
        lambda s: {
            state: reverse("members:editor_invitation_accept", kwargs={"token": token})
            for state, token in s.member_editor_tokens.items()
        },
        member_editor_link,
    )
    t["members:plan_create"] = Row(
        lambda s: {"-": reverse("members:plan_create", args=[s.objects["member"].pk])},
        workspace(),
    )

    def by_plan(name):
        return lambda s: {
            "published": reverse(name, args=[s.objects["plan"].pk]),
            "unpublished": reverse(name, args=[s.objects["unpublished_plan"].pk]),
        }

    t["members:plan_workspace"] = Row(by_plan("members:plan_workspace"), workspace())
    # A published plan is no longer edited, and a report is written once its plan is published
    # (then edited on the report's page): the editor is sent where the work is.
    t["members:plan_edit"] = Row(by_plan("members:plan_edit"), workspace(get=(OK, MOVED)))
    t["members:plan_submit"] = Row(by_plan("members:plan_submit"), workspace(post_only=True))

    def by_commitment(name):
        return lambda s: {
            "published": reverse(name, args=[s.objects["commitment"].pk]),
            "unpublished": reverse(name, args=[s.objects["unpublished_commitment"].pk]),
        }

    t["members:milestones_edit"] = Row(by_commitment("members:milestones_edit"), workspace())
    t["members:report_edit"] = Row(by_commitment("members:report_edit"), workspace(get=(OK, MOVED)))
    t["members:milestone_done"] = Row(
        lambda s: {"-": reverse("members:milestone_done", args=[s.objects["milestone"].pk])},
        workspace(),
    )

    def by_report(name):
        return lambda s: {
            "published": reverse(name, args=[s.objects["report"].pk]),
            "unpublished": reverse(name, args=[s.objects["unpublished_report"].pk]),
        }

    t["members:report_workspace"] = Row(by_report("members:report_workspace"), workspace())
    t["members:report_submit"] = Row(by_report("members:report_submit"), workspace(post_only=True))

    add_monitoring_rows(t, public_get)

    # The desk (the admin site).
    add_admin_rows(t)
    return t


def add_monitoring_rows(t, public_get):
    """The Local Monitoring Body's pages: M's monitor works on M only; the member's editor reads
    and comments, never writes or files; the public reads what is published."""

    def only(allowed, *, get=OK, post=(OK, MOVED), others=MISSING):
        return lambda role, method, target: signed_in(
            role, method, target, allowed=allowed, get=get, post=post, others=others
        )

    t["monitoring:workspace"] = Row(
        lambda s: {"-": reverse("monitoring:workspace")},
        lambda role, method, target: signed_in(
            role, method, target, allowed=ROLES, post=NOT_ALLOWED
        ),
    )

    def member_rule(role, method, target):
        allowed = (MONITOR_M,) if target == "M" else (MONITOR_OTHER,)
        return signed_in(role, method, target, allowed=allowed, post=OK)

    t["monitoring:member"] = Row(
        lambda s: {
            "M": reverse("monitoring:member", args=[s.objects["member"].pk]),
            "other": reverse("monitoring:member", args=[s.objects["other_member"].pk]),
        },
        member_rule,
    )

    def monitor_link(role, method, target):
        if role in NO_ACCOUNT:
            return expect(LOGIN)
        if target != "valid":
            return expect(GONE)
        # Anyone signed in sees what the link is for; only the invited address may accept.
        return expect(OK if method == GET else DENIED)

    t["monitoring:invitation_accept"] = Row(
        lambda s: {
            state: reverse("monitoring:invitation_accept", kwargs={"token": token})
            for state, token in s.monitor_tokens.items()
        },
        monitor_link,
    )
    # Already assessed (published) or not yet submitted (draft): the monitor is sent back.
    t["monitoring:inception_edit"] = Row(
        lambda s: {
            "published": reverse("monitoring:inception_edit", args=[s.objects["plan"].pk]),
            "unpublished": reverse(
                "monitoring:inception_edit", args=[s.objects["unpublished_plan"].pk]
            ),
        },
        only((MONITOR_M,), get=MOVED, post=MOVED),
    )
    t["monitoring:end_of_commitment_edit"] = Row(
        lambda s: {
            "published": reverse(
                "monitoring:end_of_commitment_edit", args=[s.objects["commitment"].pk]
            ),
            "unpublished": reverse(
                "monitoring:end_of_commitment_edit",
                args=[s.objects["unpublished_commitment"].pk],
            ),
        },
        lambda role, method, target: signed_in(
            role,
            method,
            target,
            allowed=(MONITOR_M,),
            get=OK if target == "published" else MOVED,
            post=OK if target == "published" else MOVED,  # an empty form is shown again
        ),
    )

    def assessments(name):
        return lambda s: {
            "published": reverse(name, args=["inception", s.objects["inception"].pk]),
            "draft": reverse(name, args=["end-of-commitment", s.objects["draft_assessment"].pk]),
        }

    t["monitoring:assessment_workspace"] = Row(
        assessments("monitoring:assessment_workspace"), only((MONITOR_M, EDITOR_A), post=OK)
    )

    def post_only(allowed, post):
        def rule(role, method, target):
            if method == GET:
                return signed_in(role, method, target, allowed=(), others=NOT_ALLOWED)
            return signed_in(role, method, target, allowed=allowed, post=post)

        return rule

    # The member's editor comments (an empty comment is refused); the monitor does not.
    t["monitoring:assessment_comment"] = Row(
        assessments("monitoring:assessment_comment"), post_only((EDITOR_A,), BAD)
    )
    # Only M's monitor files; the editor gets a 404.
    t["monitoring:assessment_file"] = Row(
        assessments("monitoring:assessment_file"), post_only((MONITOR_M,), MOVED)
    )

    def public_assessment(role, method, target):
        if target == "published" or role in (EDITOR_A, MONITOR_M, COORDINATOR):
            return expect(OK) if method == GET else expect(OK, NOT_ALLOWED)
        return expect(MISSING)

    t["monitoring:assessment"] = Row(
        lambda s: {
            "published": reverse(
                "monitoring:assessment",
                args=[s.objects["member"].pk, "inception", s.objects["inception"].pk],
            ),
            "draft": reverse(
                "monitoring:assessment",
                args=[
                    s.objects["member"].pk,
                    "end-of-commitment",
                    s.objects["draft_assessment"].pk,
                ],
            ),
        },
        public_assessment,
    )
    for name in ("assessments_json", "assessments_csv"):
        t[f"monitoring:{name}"] = Row(
            lambda s, n=name: {"-": reverse(f"monitoring:{n}")}, public_get
        )


# Objects the admin's object pages are opened on: (model admin label) -> scene -> {target: pk}.
ADMIN_OBJECTS = {
    "auth/group": lambda s: {"-": Group.objects.get(name="coordinator").pk},
    "account/emailaddress": lambda s: {"-": EmailAddress.objects.get(user=s.users[EDITOR_A]).pk},
    "mfa/authenticator": lambda s: {
        "-": Authenticator.objects.filter(user=s.users[COORDINATOR]).first().pk
    },
    "accounts/user": lambda s: {"-": s.users[EDITOR_A].pk},
    "letters/letter": lambda s: {"A": s.objects["letter_a"].pk, "B": s.objects["letter_b"].pk},
    "letters/letterinvitation": lambda s: {"A": s.objects["invitation_a"].pk},
    "applications/application": lambda s: {
        "A": s.applications["A"].pk,
        "B": s.applications["B"].pk,
    },
    "applications/organisation": lambda s: {"A": s.applications["A"].lead_government_id},
    "applications/editorinvitation": lambda s: {"-": s.objects["editor_invitation"].pk},
    "applications/changerequest": lambda s: {"A": s.objects["change_request"].pk},
    "applications/extension": lambda s: {"B": s.objects["extension"].pk},
    "calls/call": lambda s: {"-": s.objects["call"].pk},
    "calls/section": lambda s: {"-": s.objects["section"].pk},
    "calls/question": lambda s: {"-": s.objects["section"].questions.first().pk},
    "members/member": lambda s: {"-": s.objects["member"].pk},
    "members/actionplan": lambda s: {"-": s.objects["plan"].pk},
    "members/endofcommitmentreport": lambda s: {"-": s.objects["report"].pk},
    "monitoring/monitoringbody": lambda s: {"-": s.objects["monitoring_body"].pk},
    "monitoring/inceptionassessment": lambda s: {"-": s.objects["inception"].pk},
    "monitoring/endofcommitmentassessment": lambda s: {"-": s.objects["draft_assessment"].pk},
    "monitoring/memberprocess": lambda s: {"-": s.objects["member"].pk},
    "webhooks/endpoint": lambda s: {"-": api_matrix.webhook_objects(s)["webhook_endpoint"].pk},
    "webhooks/delivery": lambda s: {"-": api_matrix.webhook_objects(s)["webhook_delivery"].pk},
    "packets/packet": lambda s: {"A": s.objects["packet"].pk},
    "reviews/criterion": lambda s: {"-": s.objects["call"].criteria.first().pk},
    "reviews/reviewer": lambda s: {
        "-": s.users[REVIEWER_ASSIGNED].reviewer_profile.pk,
    },
    "reviews/candidacy": lambda s: {"A": s.applications["A"].candidacy.pk},
    "reviews/assignment": lambda s: {"A": s.objects["assignment"].pk},
    "reviews/conflictofinterest": lambda s: {"A": s.objects["conflict"].pk},
    "reviews/review": lambda s: {"A": s.objects["review"].pk},
    "reviews/score": lambda s: {"A": s.objects["score"].pk},
    "reviews/decision": lambda s: {"A": s.objects["decision"].pk},
    "reviews/decisionemailtemplate": lambda s: {"-": s.objects["email_template"].pk},
    "reviews/rankedapplication": lambda s: {"A": s.applications["A"].pk},
    "reminders/reminder": lambda s: {"-": s.objects["reminder"].pk},
    "records/callarchive": lambda s: {"-": s.objects["archive"].pk},
    "records/retentionrecord": lambda s: {"-": s.objects["retention_record"].pk},
}
ADMIN_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")


def admin_path(model, object_id, action):
    if action == "object":
        return f"/admin/{model}/{object_id}/"
    return f"/admin/{model}/{object_id}/{action}/"


def add_admin_rows(t):
    for key, route in matrix.walk():
        if not route.startswith("admin/"):
            continue
        match = ADMIN_ROUTE.match(route)
        if not match or f"{match['app']}/{match['model']}" not in ADMIN_OBJECTS:
            continue
        model = f"{match['app']}/{match['model']}"
        rest = match["rest"]
        objects = ADMIN_OBJECTS[model]
        action = {
            "": "changelist",
            "add/": "add",
            "<path:object_id>/history/": "history",
            "<path:object_id>/delete/": "delete",
            "<path:object_id>/change/": "change",
            "<path:object_id>/": "object",
            "^([^/]+)/history/([^/]+)/$": "history_version",
            "<path:object_id>/review/": "review",
            "<path:object_id>/conflict/": "conflict",
            "<path:object_id>/reviewers/assign/": "assign",
            "<path:object_id>/reviewers/<str:assignment_id>/remove/": "unassign",
            "export.csv": "export",
            "<id>/password/": "password",
            "<path:object_id>/open/": "open",
            "<int:archive_id>/download/": "download",
            "<path:object_id>/rotate-secret/": "rotate-secret",
        }[rest]
        if action == "changelist":
            targets = lambda s, m=model: {"-": f"/admin/{m}/"}  # noqa: E731
        elif action == "add":
            targets = lambda s, m=model: {"-": f"/admin/{m}/add/"}  # noqa: E731
        elif action == "export":
            targets = lambda s, m=model: {"-": f"/admin/{m}/export.csv"}  # noqa: E731
        elif action == "history_version":
            targets = lambda s, m=model, o=objects: {  # noqa: E731
                label: f"/admin/{m}/{pk}/history/{history_id(m, pk)}/" for label, pk in o(s).items()
            }
        elif action == "unassign":
            targets = lambda s, m=model: {  # noqa: E731
                label: f"/admin/{m}/{s.applications['A'].pk}/reviewers/{s.objects[name].pk}/remove/"
                for label, name in (("A", "assignment"), ("A draft", "draft_assignment"))
            }
        else:
            path_action = {"object": "object", "assign": "reviewers/assign"}.get(action, action)
            targets = lambda s, m=model, o=objects, a=path_action: {  # noqa: E731
                label: admin_path(m, pk, a) for label, pk in o(s).items()
            }
        if action in ("review", "conflict"):
            t[key] = Row(targets, desk_review_rule(action))
        elif action in ("assign", "unassign"):
            t[key] = Row(targets, reviewers_rule(action))
        elif action == "open":
            t[key] = Row(targets, open_call_rule)
        elif action == "download":
            t[key] = Row(targets, archive_download_rule)
        elif action == "rotate-secret":
            t[key] = Row(targets, rotate_secret_rule)
        else:
            t[key] = Row(targets, admin_rule(model, action))


def desk_review_rule(action):
    """The reviewer's score and conflict pages: their own assignment only."""

    def rule(role, method, target):
        if role not in STAFF:
            return off_the_desk(role)
        if target != "A" or role not in READS_A:
            return expect(MISSING)
        if role in SEES_REVIEWS_OF_A:
            # The assigned reviewer has submitted: the score form shows the review, read-only,
            # and a conflict can no longer be declared.
            return expect(OK if action == "review" else MISSING)
        # A draft: the score form (read-only since A's decision is recorded: an empty POST
        # shows it again), and a conflict may still be declared (the decision is not released;
        # an empty reason shows the form again). Never the others' reviews.
        return expect(OK, hides=(SUBMITTED_SUMMARY,))

    return rule


def reviewers_rule(action):
    """An application's reviewers, assigned (a POST) and removed (asked, then a POST) on its
    page: coordinators only, back to the page after each POST (a submitted review keeps its
    reviewer: refused with a message). A reviewer who reads the application is refused; anyone
    else on the desk learns nothing of it."""

    def rule(role, method, target):
        if role not in STAFF:
            return off_the_desk(role)
        if action == "assign" and method == GET:
            return expect(NOT_ALLOWED)
        if role == COORDINATOR:
            return expect(MOVED if method == POST else OK)
        if target.startswith("A") and role in READS_A:
            return expect(DENIED)
        return expect(MISSING)

    return rule


def archive_download_rule(role, method, target):
    """A call's archive: the file for coordinators (GET only), nobody else on the desk."""
    if role not in STAFF:
        return off_the_desk(role)
    if role == COORDINATOR:
        return expect(OK if method == GET else NOT_ALLOWED)
    return expect(DENIED)


def rotate_secret_rule(role, method, target):
    """A webhook endpoint's signing secret: a coordinator is asked (GET), then given the new
    one (POST); nobody else on the desk."""
    if role not in STAFF:
        return off_the_desk(role)
    return expect(OK if role == COORDINATOR else DENIED)


def open_call_rule(role, method, target):
    """Opening a call: a coordinator's POST (back to the call's page), nobody's GET."""
    if role not in STAFF:
        return off_the_desk(role)
    if role == COORDINATOR and method == POST:
        return expect(MOVED)
    return expect(DENIED)


def history_id(model, pk):
    from django.apps import apps

    app_label, model_name = model.split("/")
    row = apps.get_model(app_label, model_name).history.filter(id=pk).first()
    return row.history_id if row else 999_999  # made by a migration: no history row


# What each role may do with each model on the desk: v(iew), a(dd), c(hange), d(elete).
# Reviewers' rights hold only for the objects of the applications they read (A); others are
# out of their lists.
ADMIN_RIGHTS = {
    "auth/group": ("", ""),
    "account/emailaddress": ("", ""),
    "mfa/authenticator": ("", ""),
    "accounts/user": ("v", ""),
    "letters/letter": ("v", "v"),
    "letters/letterinvitation": ("v", ""),
    "applications/application": ("vc", "v"),
    "applications/organisation": ("v", ""),
    "applications/editorinvitation": ("v", ""),
    # Asked and given through their own add pages (desk/admin/changes.py), never edited.
    "applications/changerequest": ("va", ""),
    "applications/extension": ("va", ""),
    "calls/call": ("vac", ""),
    "calls/section": ("vac", ""),
    "calls/question": ("vac", ""),  # answered: kept; a question nobody answered may go
    "members/member": ("vc", ""),
    "members/actionplan": ("vc", ""),
    "members/endofcommitmentreport": ("vc", ""),
    "monitoring/monitoringbody": ("vac", ""),
    "monitoring/inceptionassessment": ("vc", ""),
    "monitoring/endofcommitmentassessment": ("vc", ""),
    "monitoring/memberprocess": ("vc", ""),
    "webhooks/endpoint": ("vacd", ""),
    "webhooks/delivery": ("v", ""),
    "packets/packet": ("v", "v"),
    "reviews/criterion": ("vac", ""),
    "reviews/reviewer": ("vacd", ""),
    "reviews/candidacy": ("vc", ""),
    "reviews/assignment": ("va", ""),
    "reviews/conflictofinterest": ("vac", "v"),
    "reviews/review": ("v", "v"),
    "reviews/score": ("v", ""),
    "reviews/decision": ("vac", ""),
    "reviews/decisionemailtemplate": ("vacd", ""),
    "reviews/rankedapplication": ("v", ""),
    "reminders/reminder": ("v", ""),  # read-only: what went to whom
    "records/callarchive": ("va", ""),  # asked for, then built by a worker: never changed
    "records/retentionrecord": ("v", ""),  # written by the retention rule only
}


def rights_answer(rights, action, method, in_list=True):
    """The answer a staff member with ``rights`` gets for ``action`` on one model."""
    if action == "object":  # the bare object URL redirects to its change page
        return MOVED
    view = "v" in rights or "c" in rights
    if action == "changelist":
        return (OK, MOVED) if view else DENIED  # the ranking opens on the latest call
    if action == "add":
        return OK if "a" in rights else DENIED
    if action == "export":
        return OK if view else DENIED
    if not view:
        return REFUSED
    if not in_list:
        return REFUSED  # out of the reviewer's lists: a 404, a 403 or back to the index
    if action == "change":
        if method == GET:
            return OK
        return (OK, MOVED) if "c" in rights else DENIED
    if action == "delete":
        return OK if "d" in rights else DENIED
    if action == "history":
        return OK
    if action == "history_version":
        return OK if method == GET else DENIED
    if action == "password":
        return OK if "c" in rights else DENIED
    raise AssertionError(action)


def admin_rule(model, action):
    coordinator_rights, reviewer_rights = ADMIN_RIGHTS[model]

    def rule(role, method, target):
        if role not in STAFF:
            return off_the_desk(role)
        if role == COORDINATOR:
            return expect(*_tuple(rights_answer(coordinator_rights, action, method)))
        readers = READS_A
        if model == "reviews/conflictofinterest":  # a reviewer sees the conflicts they declared
            readers = (REVIEWER_CONFLICTED,)
        if model == "reviews/review":  # A's object is the assigned reviewer's own review
            readers = (REVIEWER_ASSIGNED,)
        wanted = rights_answer(reviewer_rights, action, method, in_list=role in readers)
        if model == "reviews/conflictofinterest" and role in readers and action == "change":
            wanted = OK  # the declarer may withdraw it there
        if target not in ("-", "A") and action not in ("changelist", "add", "export"):
            wanted = rights_answer(reviewer_rights, action, method, in_list=False)
        if role not in SEES_REVIEWS_OF_A and method == GET:
            # Whatever a reviewer who has not submitted opens, never another's review.
            return expect(*_tuple(wanted), hides=(SUBMITTED_SUMMARY, DISCUSSION_COMMENT))
        return expect(*_tuple(wanted))

    return rule


def admin_site_rows(t):
    staff_page = lambda role, method, target: desk(  # noqa: E731
        role, method, reviewer=OK, coordinator=OK
    )
    get_only = lambda role, method, target: desk(  # noqa: E731
        role,
        method,
        reviewer=OK,
        coordinator=OK,
        reviewer_post=NOT_ALLOWED,
        coordinator_post=NOT_ALLOWED,
    )
    for name in ("admin:index", "admin:password_change"):
        t[name] = Row(lambda s, n=name: {"-": reverse(n)}, staff_page)
    for name in ("admin:password_change_done", "admin:jsi18n"):
        t[name] = Row(lambda s, n=name: {"-": reverse(n)}, get_only)
    t["admin:autocomplete"] = Row(
        lambda s: {"-": reverse("admin:autocomplete")},
        lambda role, method, target: desk(
            role,
            method,
            reviewer=DENIED,
            coordinator=DENIED,
            reviewer_post=NOT_ALLOWED,
            coordinator_post=NOT_ALLOWED,
        ),
    )


def committee_rows(t):
    """The selection committee's room (desk/committee_views.py). The discussion of A: its
    coordinators and its reviewer who submitted, not the conflicted one, nor one from A's
    country or on its side; B, a draft, has none. The reviewer of A whose review is a draft is
    told that the discussion opens once it is submitted, and sees nothing of it: the page
    without its comment, a refusal to post (committee.discuss_application). The meeting and
    the charts: coordinators only (committee.hold_meeting), so no conflicted reviewer, nor one
    who has not submitted, sees them."""

    def call_url(name, *extra):
        return lambda s: {"-": reverse(name, args=[s.objects["call"].pk, *extra])}

    def application_url(name):
        return lambda s: {"A": reverse(name, args=[s.objects["call"].pk, s.applications["A"].pk])}

    def discussion(role, method, target):
        if role == REVIEWER_DRAFTING and target == "A":  # reads A, has not submitted
            return expect(OK, hides=(DISCUSSION_COMMENT,)) if method == GET else expect(DENIED)
        return desk(
            role,
            method,
            target,
            coordinator=OK if target == "A" else MISSING,
            reader=OK,
            reviewer=MISSING,
            readers=SEES_REVIEWS_OF_A,
        )

    t["committee_discussion"] = Row(
        lambda s: {
            label: reverse("committee_discussion", args=[s.applications[label].pk])
            for label in ("A", "B")
        },
        discussion,
    )
    page = lambda role, method, target: desk(  # noqa: E731
        role, method, coordinator=OK, coordinator_post=NOT_ALLOWED, reviewer_post=NOT_ALLOWED
    )
    form = lambda role, method, target: desk(role, method, coordinator=OK)  # noqa: E731
    action = lambda role, method, target: desk(  # noqa: E731
        role,
        method,
        coordinator=NOT_ALLOWED,
        coordinator_post=MOVED,
        reviewer=NOT_ALLOWED,
        reviewer_post=DENIED,
    )
    for name in ("committee_meeting", "committee_minutes", "committee_charts"):
        t[name] = Row(call_url(name), page)
    t["committee_targets"] = Row(call_url("committee_targets"), form)
    t["committee_decide"] = Row(application_url("committee_decide"), form)
    t["committee_shortlist"] = Row(application_url("committee_shortlist"), action)
    for name in ("committee_attendance", "committee_release"):
        t[name] = Row(call_url(name), action)


TABLE = build_table()
TABLE.update(api_matrix.session_rows(Row, expect))
admin_site_rows(TABLE)
committee_rows(TABLE)
TABLE["admin:login"] = Row(lambda s: {"-": reverse("admin:login")}, everyone(LOGIN))
TABLE["admin:logout"] = Row(
    lambda s: {"-": reverse("admin:logout")},
    lambda role, method, target: (
        expect(NOT_ALLOWED, MOVED, LOGIN) if method == GET else expect(OK, MOVED, LOGIN)
    ),
)


def view_on_site(role, method, target):
    """ "View on site" tells where an object is on the site (an application's reference): only
    for an object the user may see on the desk."""
    if target == "A":
        return desk(role, method, target, coordinator=MOVED, reader=MOVED, reviewer=MISSING)
    return desk(role, method, target, coordinator=MOVED, reviewer=MISSING)


for _key in ("admin:view_on_site", "desk_view_on_site"):
    TABLE[_key] = Row(
        lambda s: {
            "A": f"/admin/r/{application_content_type()}/{s.applications['A'].pk}/",
            "B": f"/admin/r/{application_content_type()}/{s.applications['B'].pk}/",
        },
        view_on_site,
    )
TABLE["admin:app_list"] = Row(
    lambda s: {"reviews": "/admin/reviews/", "members": "/admin/members/"},
    lambda role, method, target: desk(
        role, method, reviewer=OK if target == "reviews" else MISSING
    ),
)
TABLE["admin/(?P<url>.*)$"] = Row(
    lambda s: {"-": "/admin/no/such/page/"},
    lambda role, method, target: desk(role, method, coordinator=MISSING, reviewer=MISSING),
)


def application_content_type():
    from django.contrib.contenttypes.models import ContentType

    from applications.models import Application

    return ContentType.objects.get_for_model(Application).pk


# --- The tests --------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    keys = [key for key, _route in matrix.walk()]
    missing = [key for key in keys if key not in TABLE]
    assert not missing, "URL patterns with no row in the permission matrix: " + ", ".join(missing)
    stale = sorted(set(TABLE) - set(keys))
    assert not stale, "Rows for URL patterns that no longer exist: " + ", ".join(stale)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """One scene for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        from accounts.roles import ensure_roles
        from reviews.domain import ensure_default_decision_emails

        ensure_roles()
        ensure_default_decision_emails()
        built = build_scene()
        clients = {}
        for role in ROLES:
            opened = ()
            if role in INVITEES:
                state = role.removeprefix("invitee_")
                opened = [reverse("letter_invitation", args=[built.letter_tokens[state]])]
            clients[role] = RoleClient(
                built.users[role], opened=opened, second_factor=role not in WITHOUT_SECOND_FACTOR
            )
        promote_after_sign_in(built)  # after its session was made
        built.clients = clients
        built.paths = {key: row.targets(built) for key, row in TABLE.items()}
        yield built
        transaction.set_rollback(True)


def run_role(scene, role):
    client = scene.clients[role]
    wrong = []
    for key, row in TABLE.items():
        for target, path in scene.paths[key].items():
            for method in (GET, POST):
                response = client.request(method, path)
                got = matrix.category(response)
                wanted = row.rule(role, method, target)
                if not isinstance(wanted, Expect):
                    wanted = expect(*_tuple(wanted))
                shown = _shown(response, wanted.hides) if wanted.allows(got) else []
                if wanted.allows(got) and not shown:
                    continue
                line = (
                    f"{'LEAK ' if got == OK else ''}{'SERVER ERROR ' if got == ERROR else ''}"
                    f"{method} {path} ({key}, {target}): got {got}"
                    + (f" showing {', '.join(map(repr, shown))}" if shown else "")
                    + ", "
                    f"table says {'/'.join(sorted(wanted.accepted))}"
                    + (
                        f" [{response.exc_info[1]!r}]"
                        if getattr(response, "exc_info", None)
                        else ""
                    )
                )
                wrong.append(line)
    return wrong


def _shown(response, texts):
    """Which of ``texts`` a (non-streamed) answer shows."""
    if not texts or response.streaming:
        return []
    content = response.content.decode(errors="replace")
    return [text for text in texts if text in content]


def test_what_the_drafting_reviewer_may_not_read_is_on_the_pages(scene):
    """The texts the matrix looks for on ``reviewer_drafting``'s pages are there for those who
    may read them: the reviewer who submitted sees the discussion's comment, and A's page shows
    the submitted review to them and to the coordinator."""
    a = scene.applications["A"]
    discussion = reverse("committee_discussion", args=[a.pk])
    change = reverse("admin:applications_application_change", args=[a.pk])
    for role, path, text in (
        (REVIEWER_ASSIGNED, discussion, DISCUSSION_COMMENT),
        (REVIEWER_ASSIGNED, change, SUBMITTED_SUMMARY),
        (COORDINATOR, change, SUBMITTED_SUMMARY),
    ):
        response = scene.clients[role].request(GET, path)
        assert response.status_code == 200, (role, path)
        assert text in response.content.decode(), (role, path, text)
    response = scene.clients[REVIEWER_DRAFTING].request(GET, discussion)
    assert "opens to you once your own review is submitted" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_matrix(scene, role):
    wrong = run_role(scene, role)
    assert not wrong, f"{len(wrong)} wrong answers for {role}:\n" + "\n".join(wrong)


def test_api_with_each_roles_token(scene):
    """Every API endpoint with each account's own personal token (tests/security/api_matrix.py)."""
    from django.core.cache import cache

    cache.clear()
    with transaction.atomic():
        wrong = api_matrix.run_with_tokens(scene, ROLES)
        transaction.set_rollback(True)
    assert not wrong, f"{len(wrong)} wrong answers with tokens:\n" + "\n".join(wrong)


def test_csrf_is_enforced(scene):
    """The same POSTs, from a signed-in editor and a coordinator with CSRF checks on, are
    refused (403) whatever the page."""
    sample = {
        EDITOR_A: [
            reverse("application_details", args=[scene.applications["D"].reference]),
            reverse("letters_manage", args=[scene.applications["D"].reference]),
            reverse("members:plan_edit", args=[scene.objects["unpublished_plan"].pk]),
            reverse("account_logout"),
        ],
        COORDINATOR: [
            "/admin/calls/call/add/",
            f"/admin/applications/application/{scene.applications['A'].pk}/change/",
            "/admin/reviews/criterion/",
        ],
        ANONYMOUS: [
            reverse("letter_invitation", args=[scene.letter_tokens["valid"]]),
            reverse("account_login"),
        ],
    }
    for role, paths in sample.items():
        client = RoleClient(scene.users[role], enforce_csrf_checks=True)
        for path in paths:
            response = client.request(POST, path)
            assert response.status_code == 403, (role, path, response.status_code)
