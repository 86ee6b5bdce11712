"""The desk's change lists draw their rows from a plan made once a page (desk.admin.rows):
the HTML must be Django's own, cell for cell, on every list of the admin."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from applications.demo import DEMO_ACCOUNTS
from tests.factories import pass_second_factor

pytestmark = pytest.mark.django_db


def _changelists():
    for model in admin.site._registry:
        try:
            yield (
                model,
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
            )
        except NoReverseMatch:
            continue


def _compare(client, url):
    """(rows drawn, rows compared) for the list at ``url``; fails on the first row whose HTML
    differs from Django's ``items_for_result``."""
    page = client.get(url)
    if page.status_code != 200 or page.context is None or "cl" not in page.context:
        return 0
    cl = page.context["cl"]
    if cl.formset or not cl.result_list:
        return 0
    results = page.context["results"]
    drawn = ["".join(row) for row in results]
    expected = ["".join(items_for_result(cl, result, None)) for result in cl.result_list]
    assert drawn == expected, url
    # Drawn from the plan: each row is one ready string (Django's yields a string per cell).
    planned = all(len(row) == 1 for row in results) and len(cl.list_display) > 1
    return len(drawn) if planned else 0


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from accounts.models import User

    return {
        account["role"]: (User.objects.get(email=account["email"]), account["password"])
        for account in DEMO_ACCOUNTS
        if account["role"] in {"coordinator", "reviewer"}
    }


def login(client, account):
    user, password = account
    assert client.login(email=user.email, password=password)
    pass_second_factor(client, user)


@pytest.mark.parametrize("role", ["coordinator", "reviewer"])
def test_every_list_draws_djangos_own_rows(client, demo, role):
    login(client, demo[role])
    compared = {}
    for model, url in _changelists():
        rows = _compare(client, url)
        if rows:
            compared[model._meta.label] = rows
        # Sorted by another column, and narrowed by a search: the links keep the filters.
        for query in ("?o=-1", "?o=2", "?q=a"):
            _compare(client, url + query)
    assert "applications.Application" in compared, compared
    if role == "coordinator":
        assert len(compared) >= 8, compared  # lists drawn from the plan, equal to Django's


def test_rows_keep_the_lists_filters_in_their_links(client, demo):
    from applications.models import Application

    status = Application.objects.values_list("status", flat=True).first()  # one with rows
    login(client, demo["coordinator"])
    url = reverse("admin:applications_application_changelist") + f"?status__exact={status}"
    page = client.get(url)
    assert page.context["results"], "the demo has applications with this status"
    row = "".join(page.context["results"][0])
    assert f"_changelist_filters=status__exact%3D{status}" in row
    assert _compare(client, url) == len(page.context["cl"].result_list)
