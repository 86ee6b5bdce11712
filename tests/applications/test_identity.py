import pytest
from django.utils import timezone

from applications import domain, queries
from applications.exceptions import DuplicateApplication
from applications.identity import are_near, name_key
from applications.models import Organisation
from tests.factories import ApplicationFactory, CallFactory, GovernmentFactory, UserFactory


def government(name, country="CL", level="regional"):
    return Organisation(
        name=name, country=country, government_level=level, term_ends_on=timezone.localdate()
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Metropolitan Regional Government of Santiago",
            "Gobierno Regional Metropolitano de Santiago",
        ),
        ("Municipality of Peñalolén", "Municipalidad de Peñalolén"),
        ("Municipalité de Montréal", "Municipality of Montreal"),
        ("Município de São Paulo", "Prefeitura de São Paulo"),
        ("City of Buenos Aires", "Gobierno de la Ciudad de Buenos Aires"),
    ],
)
def test_spellings_of_one_government_have_one_key(first, second):
    assert name_key(first) == name_key(second)


def test_different_governments_have_different_keys():
    assert name_key("Municipality of Renca") != name_key("Municipality of Recoleta")
    assert name_key("Municipal Government") == "government municipal"


def test_near_keys():
    assert are_near("santiago", "metropolitan santiago")
    assert are_near("penalolen", "penaloen")
    assert not are_near("renca", "recoleta")
    assert not are_near("santiago", "santiago")


@pytest.mark.django_db
def test_two_spellings_in_two_languages_cannot_both_apply_to_a_call():
    call = CallFactory()
    first = domain.start_application(
        call=call,
        user=UserFactory(),
        lead_government=government("Metropolitan Regional Government of Santiago"),
    )

    with pytest.raises(DuplicateApplication) as refusal:
        domain.start_application(
            call=call,
            user=UserFactory(),
            lead_government=government("Gobierno Regional Metropolitano de Santiago"),
        )

    assert refusal.value.application == first
    assert "ask its owner for access" in refusal.value.message
    assert call.applications.count() == 1
    # Another level of government with the same name is another government.
    domain.start_application(
        call=call,
        user=UserFactory(),
        lead_government=government("Municipalidad de Santiago", level="municipal"),
    )
    assert call.applications.count() == 2


@pytest.mark.django_db
def test_renaming_into_an_existing_government_is_refused():
    call = CallFactory()
    ApplicationFactory(call=call, lead_government=GovernmentFactory(name="Municipality of Renca"))
    other = ApplicationFactory(call=call)

    with pytest.raises(DuplicateApplication):
        domain.update_application_details(
            application=other,
            details={},
            government={"name": "Municipalidad de Renca"},
            version=other.version,
            user=other.editors.get().user,
        )

    other.lead_government.refresh_from_db()
    assert other.lead_government.name.startswith("Municipality ")
    assert other.lead_government.name != "Municipalidad de Renca"


@pytest.mark.django_db
def test_near_duplicates_are_flagged_for_coordinators():
    call = CallFactory()
    santiago = ApplicationFactory(
        call=call, lead_government=GovernmentFactory(name="Gobierno Regional de Santiago")
    )
    metropolitan = ApplicationFactory(
        call=call,
        lead_government=GovernmentFactory(name="Metropolitan Regional Government of Santiago"),
    )
    ApplicationFactory(call=call, lead_government=GovernmentFactory(name="Municipality of Renca"))
    ApplicationFactory(call=call, lead_government=GovernmentFactory(name="Santiago", country="PE"))

    assert queries.near_duplicate_applications(call) == [(santiago, metropolitan)]


@pytest.mark.django_db
def test_the_start_page_refuses_a_second_spelling_and_offers_to_ask_the_owner(client):
    from django.core import mail
    from django.urls import reverse

    from tests.factories import login

    call = CallFactory()
    first = ApplicationFactory(
        call=call,
        lead_government=GovernmentFactory(
            name="Metropolitan Regional Government of Santiago", government_level="regional"
        ),
    )
    applicant = UserFactory()
    login(client, applicant)
    response = client.post(
        reverse("application_start", kwargs={"slug": call.slug}),
        {
            "name": "Gobierno Regional Metropolitano de Santiago",
            "country": "CL",
            "government_level": "regional",
            "term_ends_on": "2029-12-06",
            "language": "es",
        },
    )
    assert response.status_code == 200
    assert "ask its owner for access" in response.context["form"].errors["name"][0]
    assert call.applications.count() == 1

    asked = client.post(reverse("ask_for_access", kwargs={"slug": call.slug}))
    assert asked.status_code == 302
    (message,) = mail.outbox
    assert message.to == [first.owner_user.email]
    assert applicant.email in message.body
    assert message.subject.startswith("[OGP Local] ")
    # A second click the same day sends nothing more.
    client.post(reverse("ask_for_access", kwargs={"slug": call.slug}))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_start_page_says_why_a_country_is_not_eligible(client):
    from django.urls import reverse

    from tests.factories import login

    call = CallFactory()
    login(client, UserFactory())
    url = reverse("application_start", kwargs={"slug": call.slug})
    page = client.get(url).content.decode()
    assert 'data-eligible="' in page and "data-ineligible-message" in page

    response = client.post(
        url,
        {
            "name": "Lhasa",
            "country": "CN",
            "government_level": "municipal",
            "term_ends_on": "2029-12-06",
            "language": "en",
        },
    )
    assert response.context["form"].errors["country"] == [
        "China is not eligible for this call. OGP Local is open to local governments of "
        "countries that take part in the Open Government Partnership; the call lists the "
        "eligible countries."
    ]
