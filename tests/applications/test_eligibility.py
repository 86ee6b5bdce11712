import pytest
from django.utils import timezone

from applications import domain, queries
from applications.enums import ApplicationStatus
from applications.exceptions import CountryNotEligible, SubmissionRefused
from applications.models import Organisation
from calls.eligibility import OGP_PARTICIPATING_COUNTRIES
from tests.factories import ApplicationFactory, CallFactory, GovernmentFactory, complete_application

pytestmark = pytest.mark.django_db


def test_a_new_call_lists_the_ogp_participating_countries():
    call = CallFactory()

    assert sorted(country.code for country in call.eligible_countries) == sorted(
        OGP_PARTICIPATING_COUNTRIES
    )
    assert call.accepts_country("CL")
    assert not call.accepts_country("CN")


def test_a_government_of_an_ineligible_country_cannot_start():
    call = CallFactory()
    user = ApplicationFactory().editors.get().user

    with pytest.raises(CountryNotEligible) as refusal:
        domain.start_application(
            call=call,
            user=user,
            lead_government=Organisation(
                name="Municipality of Lhasa",
                country="CN",
                government_level="municipal",
                term_ends_on=timezone.localdate(),
            ),
        )

    assert refusal.value.message.startswith("China is not eligible for this call.")
    assert call.applications.count() == 0


def test_an_ineligible_country_cannot_submit():
    application = complete_application(ApplicationFactory())
    # The country was chosen later in the details (or left the call's list).
    application.lead_government.country = "CN"
    application.lead_government.save()

    with pytest.raises(SubmissionRefused) as refusal:
        domain.submit_application(application=application, user=application.editors.get().user)

    assert any(reason.startswith("China is not eligible") for reason in refusal.value.reasons)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_desk_sees_applications_whose_country_left_the_list():
    call = CallFactory()
    chile = ApplicationFactory(call=call, lead_government=GovernmentFactory(country="CL"))
    ApplicationFactory(call=call, lead_government=GovernmentFactory(country="PE"))
    call.eligible_countries = [c for c in OGP_PARTICIPATING_COUNTRIES if c != "CL"]
    call.save()

    assert queries.applications_outside_eligibility(call) == [chile]
    assert queries.applications_outside_eligibility() == [chile]
