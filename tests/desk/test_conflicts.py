"""A declared conflict of interest is never deleted: not through any admin URL or action, not
by a coordinator. It is withdrawn through the domain, which keeps who, when, why and its
history; the reviewer may then read the application again."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from reviews import domain
from reviews.exceptions import ConflictRefused
from reviews.models import ConflictOfInterest
from tests.desk.test_admin import APPLICATIONS, desk, login  # noqa: F401 (fixture)
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

CONFLICTS = "/admin/reviews/conflictofinterest/"


@pytest.fixture
def conflict(desk):  # noqa: F811
    return domain.declare_conflict(
        application=desk["assigned"], reviewer=desk["reviewer"], reason="Former adviser."
    )


def test_a_coordinator_cannot_delete_a_conflict_through_any_admin_url_or_action(
    client,
    desk,  # noqa: F811
    conflict,
):
    login(client, desk["coordinator"])
    delete_url = f"{CONFLICTS}{conflict.pk}/delete/"
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403

    changelist = client.get(CONFLICTS)
    action_form = changelist.context["action_form"]
    actions = (
        [value for value, _label in action_form.fields["action"].choices] if action_form else []
    )
    assert "delete_selected" not in actions
    client.post(
        CONFLICTS,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [conflict.pk], "post": "yes"},
    )

    change = client.get(f"{CONFLICTS}{conflict.pk}/change/")
    assert change.status_code == 200
    assert delete_url not in change.content.decode()
    # Reverting to a version from before the declaration is refused as well.
    history = client.get(f"{CONFLICTS}{conflict.pk}/history/")
    assert history.status_code == 200
    version = conflict.history.earliest()
    revert = client.post(f"{CONFLICTS}{conflict.pk}/history/{version.history_id}/", {})
    assert revert.status_code == 403

    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()
    assert client.get(f"{APPLICATIONS}{desk['assigned'].pk}/change/").status_code == 200


def test_the_reviewer_cannot_delete_their_conflict_either(client, desk, conflict):  # noqa: F811
    login(client, desk["reviewer"])
    assert client.post(f"{CONFLICTS}{conflict.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()


def test_withdrawing_through_the_admin_keeps_the_row_and_its_history(
    client,
    desk,  # noqa: F811
    conflict,
):
    login(client, desk["coordinator"])
    refused = client.post(f"{CONFLICTS}{conflict.pk}/change/", {"withdrawal_reason": ""})
    assert refused.status_code == 200
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()

    response = client.post(
        f"{CONFLICTS}{conflict.pk}/change/",
        {"withdrawal_reason": "Recorded on the wrong reviewer."},
    )
    assert response.status_code == 302
    withdrawn = ConflictOfInterest.all_conflicts.get(pk=conflict.pk)
    assert withdrawn.withdrawn_by == desk["coordinator"]
    assert withdrawn.withdrawal_reason == "Recorded on the wrong reviewer."
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.reason == "Former adviser."
    assert not ConflictOfInterest.objects.filter(pk=conflict.pk).exists()  # no longer standing
    records = list(withdrawn.history.order_by("history_date"))
    assert [r.withdrawn_at is None for r in records] == [True, False]
    assert records[-1].history_user == desk["coordinator"]
    # Still listed for coordinators, with its withdrawal.
    assert withdrawn in client.get(CONFLICTS).context["cl"].result_list


def test_withdrawing_through_the_domain_gives_the_reviewer_the_application_back(
    client,
    desk,  # noqa: F811
    conflict,
):
    reviewer = desk["reviewer"]
    assert not reviewer.has_perm("reviews.read_application", desk["assigned"])
    domain.withdraw_conflict(conflict=conflict, by=reviewer, reason="I mixed up two cities.")
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # a fresh user object: roles re-read
    assert reviewer.has_perm("reviews.read_application", desk["assigned"])
    login(client, reviewer)
    assert client.get(f"{APPLICATIONS}{desk['assigned'].pk}/change/").status_code == 200
    assert conflict.history.count() == 2
    # Declaring again is possible: a new conflict, the withdrawn one stays on record.
    again = domain.declare_conflict(
        application=desk["assigned"], reviewer=reviewer, reason="On reflection, I did advise them."
    )
    assert again.pk != conflict.pk
    assert ConflictOfInterest.all_conflicts.filter(reviewer=reviewer).count() == 2


def test_only_the_declarer_or_a_coordinator_may_withdraw(desk, conflict):  # noqa: F811
    other_reviewer_coordinator_less = desk["assigned"].owner_user
    with pytest.raises(ConflictRefused):
        domain.withdraw_conflict(
            conflict=conflict, by=other_reviewer_coordinator_less, reason="Not mine."
        )
    with pytest.raises(ConflictRefused):
        domain.withdraw_conflict(conflict=conflict, by=make_coordinator(), reason="")
    domain.withdraw_conflict(conflict=conflict, by=make_coordinator(), reason="Duplicate.")
    with pytest.raises(ConflictRefused):
        domain.withdraw_conflict(conflict=conflict, by=desk["coordinator"], reason="Again.")
    assert ConflictOfInterest.all_conflicts.filter(pk=conflict.pk).exists()
