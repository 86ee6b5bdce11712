"""Every applicant and invitee form, posted random and malformed input (Hypothesis).

The fields come from the forms each page really shows (read from the page's context), so a new
field is covered without touching this file. Whatever is posted: no server error, and a page
that answers with the form again (status 200) has stored nothing.
"""

import hashlib
import io

import pytest
from django import forms
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from applications.models import (
    Answer,
    Application,
    EditorInvitation,
    Organisation,
    Partner,
    SectionDraft,
)
from letters import domain as letters_domain
from letters.enums import LetterKind
from letters.models import Letter, LetterInvitation
from letters.tokens import invitation_token
from tests.factories import ApplicationFactory, CallFactory
from tests.letters import samples

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STORED = (
    User,
    Application,
    Organisation,
    Partner,
    Answer,
    SectionDraft,
    EditorInvitation,
    Letter,
    LetterInvitation,
)

nasty_text = st.one_of(
    st.text(max_size=60),
    st.text(max_size=20).map(lambda text: text + "\x00"),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://x")',
            "O'Higgins & Sons",
            "9" * 40,
            "-1",
            "1e309",
            "NaN",
            "2026-02-30",
            "x" * 11000,
            "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
        ]
    ),
)
file_bytes = st.one_of(
    st.binary(max_size=2048),
    st.sampled_from([samples.pdf(), samples.truncated_pdf(), samples.svg(), b""]),
)


def counts():
    return {model.__name__: model.objects.count() for model in STORED}


def field_names(response):
    """(name, field) of every field of every form in the page's context, with its prefix."""
    found = {}
    for context in response.context:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm):
                for name, field in value.fields.items():
                    found[value.add_prefix(name)] = field
    return found


@st.composite
def posted(draw, fields, extra=()):
    data = {key: draw(st.sampled_from(["1", ""])) for key in extra}
    for name, field in fields.items():
        choices = [str(value) for value, _ in getattr(field, "choices", [])]
        values = [nasty_text] + ([st.sampled_from(choices)] if choices else [])
        if isinstance(field, forms.FileField):
            data[name] = io.BytesIO(draw(file_bytes))
            data[name].name = draw(st.sampled_from(["carta.pdf", "../../x.pdf", "a\x00.pdf", ""]))
        elif draw(st.booleans()) or field.required:
            data[name] = draw(st.one_of(*values))
    return data


def fuzz(client, url, data_strategy_for, check):
    fields = field_names(client.get(url))
    assert fields, f"no form found on {url}"

    @EXAMPLES
    @given(data_strategy_for(fields))
    def run(data):
        before = counts()
        response = client.post(url, data)
        assert response.status_code in (200, 302, 410), response.status_code
        accepted = response.status_code == 302 or "letters/invitation_thanks.html" in [
            template.name for template in response.templates
        ]
        if not accepted:
            assert counts() == before
        check(response)

    run()


def nothing_more(response):
    pass


@pytest.fixture
def editor_client(client, settings):
    settings.LETTER_UPLOADS_PER_HOUR = 10_000
    application = ApplicationFactory()
    client.force_login(application.owner_user)
    client.application = application
    return client


def test_start_form(editor_client):
    call = CallFactory()
    fuzz(
        editor_client,
        reverse("application_start", kwargs={"slug": call.slug}),
        posted,
        nothing_more,
    )


@pytest.mark.parametrize(
    "name", ["application_details", "partner_add", "editor_invite", "application_submit"]
)
def test_application_forms(editor_client, name):
    url = reverse(name, kwargs={"reference": editor_client.application.reference})
    fuzz(editor_client, url, posted, nothing_more)


def test_section_form(editor_client):
    application = editor_client.application
    for section in application.call.sections.all():
        url = reverse(
            "section_edit", kwargs={"reference": application.reference, "section_id": section.pk}
        )
        fuzz(editor_client, url, posted, nothing_more)


def test_letters_page_forms(editor_client):
    url = reverse("letters_manage", kwargs={"reference": editor_client.application.reference})
    fuzz(
        editor_client,
        url,
        lambda fields: posted(fields, extra=("invite", "upload")),
        nothing_more,
    )
    assert not Letter.objects.exists()  # no random file was ever a letter


def test_invitee_form(client, settings):
    settings.LETTER_UPLOADS_PER_HOUR = 10_000
    application = ApplicationFactory()
    invitation = letters_domain.invite_letter_author(
        application=application,
        organisation_name="Fundación Tribu",
        email="tomas@tribu.example.org",
        kind=LetterKind.CIVIL_SOCIETY,
        invited_by=application.owner_user,
        link_for=str,
    )
    url = reverse("letter_invitation", kwargs={"token": invitation_token(invitation)})

    def letter_only_from_a_real_pdf(response):
        for letter in Letter.objects.filter(invitation=invitation):
            assert letter.sha256 == hashlib.sha256(samples.pdf()).hexdigest()

    fuzz(client, url, posted, letter_only_from_a_real_pdf)


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/login/"])
def test_account_forms(client, url):
    fuzz(client, url, posted, nothing_more)
