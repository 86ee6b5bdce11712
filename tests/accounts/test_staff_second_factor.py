"""Issue 18 item 2: staff rights hold only for a session whose sign-in included the second
factor (accounts.second_factor), and promoting an account to staff ends its other sessions.

``login()`` signs in as the portal does (password, then the TOTP code of an enrolled account);
``client.force_login()`` is a session without the second factor, as one signed in before the
account had an authenticator, or before it was promoted.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import COORDINATOR_GROUP, appoint_coordinator
from reviews import domain as reviews_domain
from tests.factories import (
    ApplicationFactory,
    UserFactory,
    enrol_totp,
    login,
    pass_second_factor,
    totp_code,
)
from tests.letters.test_views import download_url, upload_letter
from tests.members.factories import draft_plan, quick_member
from tests.reviews.factories import make_coordinator, make_reviewer, submitted_application

pytestmark = pytest.mark.django_db

REAUTHENTICATE = "/accounts/2fa/reauthenticate/"


def without_second_factor(client, user):
    client.force_login(user)
    return client


def test_a_staff_session_without_the_second_factor_is_sent_for_the_code(client):
    coordinator = make_coordinator()
    without_second_factor(client, coordinator)
    for path in ("/admin/", "/admin/reviews/rankedapplication/", "/admin/members/member/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{REAUTHENTICATE}?next={path.replace('/', '%2F')}"


def test_the_code_given_in_the_session_opens_the_desk(client):
    coordinator = make_coordinator()
    without_second_factor(client, coordinator)
    page = client.get(f"{REAUTHENTICATE}?next=/admin/")
    assert page.status_code == 200
    response = client.post(f"{REAUTHENTICATE}?next=/admin/", {"code": totp_code()})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(("offset", "opens"), [(-1, True), (1, True), (-2, False), (2, False)])
def test_a_code_from_the_next_or_last_period_is_accepted_not_older(client, offset, opens):
    """A code typed as its 30-second period ends arrives in the next one (RFC 6238, 5.2)."""
    coordinator = make_coordinator()
    without_second_factor(client, coordinator)
    response = client.post(f"{REAUTHENTICATE}?next=/admin/", {"code": totp_code(offset=offset)})
    assert (response.status_code == 302) is opens
    assert (client.get("/admin/").status_code == 200) is opens


def test_a_code_counts_once(client):
    coordinator = make_coordinator()
    code = totp_code()
    without_second_factor(client, coordinator)
    assert client.post(f"{REAUTHENTICATE}?next=/admin/", {"code": code}).status_code == 302
    client.logout()
    without_second_factor(client, coordinator)
    again = client.post(f"{REAUTHENTICATE}?next=/admin/", {"code": code})
    assert again.status_code == 200  # the form again, with its error
    assert client.get("/admin/").status_code == 302


def test_staff_are_not_offered_their_password_instead_of_the_code(client):
    without_second_factor(client, make_coordinator())
    page = client.get(f"{REAUTHENTICATE}?next=/admin/").content.decode()
    assert 'name="code"' in page
    assert reverse("account_reauthenticate") not in page


def test_a_signed_in_coordinator_with_the_code_opens_the_desk(client):
    login(client, make_coordinator())
    assert client.get("/admin/").status_code == 200


def test_signing_out_of_the_desk_needs_no_code(client):
    without_second_factor(client, make_coordinator())
    response = client.post("/admin/logout/")
    assert response.status_code in (200, 302)
    assert "_auth_user_id" not in client.session


def test_letters_and_packets_are_not_staff_files_without_the_second_factor(client):
    coordinator = make_coordinator()
    application = ApplicationFactory()
    letter = upload_letter(application)

    without_second_factor(client, coordinator)
    assert client.get(download_url(letter)).status_code == 404
    pass_second_factor(client, coordinator)
    assert client.get(download_url(letter)).status_code == 200


def test_an_assigned_reviewer_reads_no_letter_without_the_second_factor(client):
    coordinator = make_coordinator()
    reviewer = make_reviewer(country="KE")
    application = submitted_application(country="CL")
    letter = application.letters.current().first()
    reviews_domain.assign_reviewer(
        application=application, reviewer=reviewer, assigned_by=coordinator
    )
    assert reviewer.has_perm("reviews.read_application", application)  # outside a request

    without_second_factor(client, reviewer)
    assert client.get(download_url(letter)).status_code == 404
    pass_second_factor(client, reviewer)
    assert client.get(download_url(letter)).status_code == 200


def test_unpublished_member_plans_are_not_shown_without_the_second_factor(client):
    coordinator = make_coordinator()
    member = quick_member(editors=[UserFactory()])
    plan = draft_plan(member)
    url = reverse("members:plan", args=[member.pk, plan.pk])

    without_second_factor(client, coordinator)
    assert client.get(url).status_code == 404
    pass_second_factor(client, coordinator)
    assert client.get(url).status_code == 200


def test_a_superuser_without_the_second_factor_has_no_staff_rights(client):
    superuser = enrol_totp(UserFactory(is_staff=True, is_superuser=True))
    application = ApplicationFactory()
    letter = upload_letter(application)
    assert superuser.has_perm("letters.review_letter", application)  # outside a request

    without_second_factor(client, superuser)
    assert client.get(download_url(letter)).status_code == 404
    assert client.get("/admin/")["Location"].startswith(REAUTHENTICATE)
    pass_second_factor(client, superuser)
    assert client.get(download_url(letter)).status_code == 200


def test_another_users_second_factor_counts_for_nobody_else(client):
    """allauth keeps the records of the user who made them: a session that passed the code as
    one account and is then signed in as another has not passed it for the other."""
    first, second = make_coordinator(), make_coordinator()
    login(client, first)
    client.force_login(second)
    assert client.get("/admin/")["Location"].startswith(REAUTHENTICATE)


# --- Promotion ends the account's other sessions ----------------------------------------------


def signed_in_applicant(client):
    applicant = UserFactory()
    login(client, applicant)
    assert client.get(reverse("dashboard")).status_code == 200
    return applicant


def is_signed_out(client):
    response = client.get(reverse("dashboard"))
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_enlisting_a_reviewer_ends_their_sessions(client):
    applicant = signed_in_applicant(client)
    reviews_domain.enlist_reviewer(user=applicant, country="KE", by=None)
    enrol_totp(applicant)  # on another device
    assert is_signed_out(client)


def test_appointing_a_coordinator_ends_their_sessions(client):
    applicant = signed_in_applicant(client)
    appoint_coordinator(applicant)
    assert is_signed_out(client)


def test_adding_the_account_to_a_staff_group_from_the_group_ends_its_sessions(client):
    applicant = signed_in_applicant(client)
    make_coordinator()  # the groups exist
    Group.objects.get(name=COORDINATOR_GROUP).user_set.add(applicant)
    assert is_signed_out(client)


def test_ticking_is_staff_ends_the_accounts_sessions(client):
    applicant = signed_in_applicant(client)
    applicant.is_staff = True
    applicant.save()
    assert is_signed_out(client)


def test_other_changes_keep_the_session(client):
    applicant = signed_in_applicant(client)
    applicant.full_name = "Ana Renamed"
    applicant.save()
    applicant.groups.add(Group.objects.get_or_create(name="newsletter")[0])
    assert not is_signed_out(client)


def test_a_fresh_sign_in_after_promotion_works(client):
    applicant = signed_in_applicant(client)
    appoint_coordinator(applicant)
    enrol_totp(applicant)
    login(client, applicant)
    assert client.get("/admin/").status_code == 200
