"""The demo (make run): its staff accounts come with a second factor a newcomer can use."""

import io

import pytest
from django.core.management import call_command

from applications.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_signs_in_with_the_printed_code_and_reaches_the_desk(client):
    printed = io.StringIO()
    call_command("load_demo", stdout=printed)
    assert "manage.py demo_code" in printed.getvalue()
    coordinator = next(a for a in DEMO_ACCOUNTS if a["role"] == "coordinator")

    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": coordinator["email"], "password": coordinator["password"]},
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    code = io.StringIO()
    call_command("demo_code", stdout=code)
    response = client.post("/accounts/2fa/authenticate/", {"code": code.getvalue().split()[0]})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
