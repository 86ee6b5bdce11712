"""Odd query strings (issue 18 item 6): every integer and date read from a query string, on the
public pages and on the desk (the admin's filters, search, ordering, pages and date hierarchy
included), ends in a clear refusal or an empty list, never a server error."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from tests.factories import ApplicationFactory, CallFactory, login
from tests.members.factories import quick_member
from tests.reviews.factories import make_coordinator

pytestmark = pytest.mark.django_db

# Unicode digits pass str.isdigit(); years beyond datetime's; numbers beyond bigint; NUL bytes,
# which PostgreSQL refuses in any text.
ODD_VALUES = ["²", "٣", "99999", "0", "-1", "99999999999999999999999", "1e5", "abc", "\x00"]


@pytest.fixture(autouse=True)
def roles(db):
    from accounts.roles import ensure_roles

    ensure_roles()


@pytest.fixture
def anonymous(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def coordinator(client):
    login(client, make_coordinator())
    client.raise_request_exception = False
    return client


def no_server_error(client, path, params):
    response = client.get(path, params)
    assert response.status_code < 500, (path, params, response.status_code)
    return response


@pytest.mark.parametrize("value", ODD_VALUES)
def test_public_pages(anonymous, value):
    call = CallFactory()
    quick_member()
    for path in [
        reverse("members:list"),
        reverse("call_record", kwargs={"slug": call.slug}),
        "/",
    ]:
        for name in ["year", "page", "country", "level", "search", "status", "decision"]:
            no_server_error(anonymous, path, {name: value})


def test_the_members_year_in_other_digits_is_no_filter(anonymous):
    """The reported case: "²" is a digit to str.isdigit() but not a year."""
    response = no_server_error(anonymous, reverse("members:list"), {"year": "²"})
    assert response.status_code == 200
    assert response.context["selected"]["year"] is None


def date_lookups(model_admin) -> list[str]:
    names = []
    for field in model_admin.model._meta.concrete_fields:
        if field.get_internal_type() in {"DateField", "DateTimeField"}:
            names.append(field.name)
    return names


def resolves(model, path) -> bool:
    try:
        get_fields_from_path(model, path)
    except (FieldDoesNotExist, NotRelationField):
        return False
    return True


def searches(model_admin) -> bool:
    return bool(model_admin.search_fields) or (
        type(model_admin).get_search_results is not admin.ModelAdmin.get_search_results
    )


@pytest.mark.parametrize("value", ["²", "99999", "99999999999999999999999", "\x00"])
def test_every_desk_list_with_odd_filters(coordinator, value):
    """Every list, with each parameter it reads. A parameter a list does not read (a search
    where nothing is searched, a filter on a field the model does not have) never looks at
    the value: that path, the same for every list, is sent to one list only."""
    ApplicationFactory()
    unread_sent = set()
    for model, model_admin in admin.site._registry.items():
        path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        params = [{"p": value}, {"o": value}, {"id__exact": value}]
        for name, reads in [
            ("q", searches(model_admin)),
            ("call__id__exact", resolves(model, "call__id")),
            ("application__call__id__exact", resolves(model, "application__call__id")),
        ]:
            if reads or name not in unread_sent:
                params.append({name: value})
                unread_sent.update(() if reads else (name,))
        params += [{f"{name}__year": value} for name in date_lookups(model_admin)]
        if model_admin.date_hierarchy:
            year = {f"{model_admin.date_hierarchy}__year": "2026"}
            params += [
                {**year, f"{model_admin.date_hierarchy}__{p}": value} for p in ["month", "day"]
            ]
        for query in params:
            no_server_error(coordinator, path, query)


def test_the_reported_desk_case_is_refused_clearly(coordinator):
    path = reverse("admin:applications_application_changelist")
    response = no_server_error(coordinator, path, {"submitted_at__year": "99999"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
