"""The admin's list of models (the sidebar on every desk page, the list on the desk's front
page) is built once per user's rights and drawn once per content (desk.admin.app_list): what
each user sees still follows their rights, their language and the page they are on."""

import re

import pytest
from django.contrib import admin

from accounts.roles import appoint_coordinator
from applications.models import Application
from tests.factories import login
from tests.reviews.factories import make_coordinator, make_reviewer

pytestmark = pytest.mark.django_db

PAGE = "/admin/password_change/"
WEBHOOKS = 'href="/admin/webhooks/endpoint/"'


def sidebar(page) -> str:
    text = page.content.decode()
    found = re.search(r'<nav class="sticky" id="nav-sidebar".*?</nav>', text, re.S)
    assert found, "the page has no navigation sidebar"
    return found.group(0)


def test_each_user_sees_the_models_of_their_own_rights(client):
    coordinator, reviewer = make_coordinator(), make_reviewer()
    login(client, coordinator)
    assert WEBHOOKS in sidebar(client.get(PAGE))
    client.logout()
    login(client, reviewer)
    reviewers = sidebar(client.get(PAGE))
    assert WEBHOOKS not in reviewers
    assert 'href="/admin/applications/application/"' in reviewers


def test_a_new_role_shows_at_the_next_sign_in(client):
    reviewer = make_reviewer()
    login(client, reviewer)
    assert WEBHOOKS not in sidebar(client.get(PAGE))
    appoint_coordinator(reviewer)  # a change of role ends the account's sessions
    login(client, reviewer)
    assert WEBHOOKS in sidebar(client.get(PAGE))


def test_the_sidebar_marks_the_model_of_the_page(client):
    login(client, make_coordinator())
    on_applications = sidebar(client.get("/admin/applications/application/"))
    on_organisations = sidebar(client.get("/admin/applications/organisation/"))
    assert re.search(r'class="model-application current-model"', on_applications)
    assert "model-organisation current-model" not in on_applications
    assert re.search(r'class="model-organisation current-model"', on_organisations)
    assert "model-application current-model" not in on_organisations


def test_the_list_speaks_the_readers_language(client):
    coordinator = make_coordinator(language="en")
    login(client, coordinator)
    english = sidebar(client.get(PAGE))
    coordinator.language = "es"
    coordinator.save(update_fields=["language"])
    spanish = sidebar(client.get(PAGE))
    assert "Start typing to filter" in english
    assert "Empiece a escribir para filtrar" in spanish
    assert english != spanish
    assert "Applications" in english
    assert "Solicitudes" in spanish


def test_the_admins_permissions_are_asked_once_for_the_same_rights(client, monkeypatch):
    application_admin = admin.site._registry[Application]
    asked = []
    original = application_admin.has_module_permission

    def counting(request):
        asked.append(request.path)
        return original(request)

    monkeypatch.setattr(application_admin, "has_module_permission", counting)
    login(client, make_coordinator())
    first = client.get(PAGE)
    assert asked == [PAGE]
    again = client.get(PAGE)
    assert asked == [PAGE]  # the list was kept: no admin was asked again
    assert sidebar(again) == sidebar(first)
