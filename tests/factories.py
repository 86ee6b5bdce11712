"""factory_boy factories shared by the test suite."""

import datetime
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from applications import domain
from applications.enums import EditorRole, OrganisationKind
from applications.models import Application, ApplicationEditor, Organisation, Partner
from calls.domain import add_default_form
from calls.models import Call

PASSWORD = "a-long-test-password-31"


def login(client, user):
    """Sign ``user`` in on the test client (their password is PASSWORD), as the portal's sign-in
    does: with their TOTP code too when they have an authenticator (staff)."""
    assert client.login(email=user.email, password=PASSWORD)
    pass_second_factor(client, user)
    return client


def pass_second_factor(client, user):
    """Record in the client's session that this sign-in included the user's TOTP code, through
    allauth's own step after a right code (what /accounts/2fa/authenticate/ does). Nothing for
    a user without an authenticator. ``client.force_login`` alone is a session without it."""
    from allauth.mfa.base.internal.flows import post_authentication
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return client
    request = RequestFactory().get("/")
    request.session, request.user = client.session, user
    post_authentication(request, authenticator)
    request.session.save()
    return client


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class CallFactory(factory.django.DjangoModelFactory):
    """An open call with OGP Local's default form."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"OGP Local call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def default_form(call, create, extracted, **kwargs):
        if create and extracted is not False:
            add_default_form(call=call)


class GovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Municipality {n}")
    country = "CL"
    kind = OrganisationKind.GOVERNMENT
    government_level = "municipal"
    population = 150000
    area_km2 = 24
    term_ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3 * 365))


class NonGovernmentalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Foundation {n}")
    country = "CL"
    kind = OrganisationKind.CIVIL_SOCIETY


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application, with an owner (``owner``) when created."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    lead_government = factory.SubFactory(GovernmentFactory)
    reference = factory.Sequence(lambda n: f"OGPL-2026-{9000 + n:04d}")

    @factory.post_generation
    def owner(application, create, extracted, **kwargs):
        if create:
            user = extracted or UserFactory()
            ApplicationEditor.objects.create(
                application=application, user=user, role=EditorRole.OWNER
            )
            application.owner_user = user


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    application = factory.SubFactory(ApplicationFactory)
    organisation = factory.SubFactory(NonGovernmentalFactory)
    role = "Civil-society ally"


def complete_application(application, user=None):
    """Fill every part the checklist requires, through the domain functions."""
    user = user or application.editors.first().user
    domain.update_application_details(
        application=application,
        details={
            "lead_office": "Open Government Office",
            "contact_name": "Carla Rojas",
            "contact_position": "Director",
            "contact_email": "carla@example.org",
            "language": "en",
        },
        government={},
        version=application.version,
        user=user,
    )
    if not application.partners.exists():
        PartnerFactory(application=application)
    for section in application.call.sections.all():
        answers = {}
        for question in section.questions.active():
            answers[question.pk] = {
                "number": "3",
                "date": datetime.date(2025, 6, 1).isoformat(),
                "choice": question.choice_list[0] if question.choice_list else "",
            }.get(question.kind, f"Answer to {question.text}")
        domain.save_section(
            application=application,
            section=section,
            answers=answers,
            version=domain.section_version(application, section),
            user=user,
        )
    add_required_letters(application, user)
    application.refresh_from_db()
    return application


def add_required_letters(application, user=None):
    """A letter of intent from every government and one civil-society letter of support."""
    from letters import domain as letters_domain
    from letters.domain import application_governments
    from letters.enums import LetterKind
    from tests.letters import samples

    user = user or application.editors.first().user
    common = {
        "signatory_name": "Claudia Pérez",
        "signatory_title": "Mayor",
        "signed_on": timezone.localdate(),
        "language": "es",
    }
    letters = [
        (LetterKind.INTENT, government, government.name)
        for government in application_governments(application)
    ] + [(LetterKind.CIVIL_SOCIETY, None, "Fundación Tribu")]
    for kind, government, author in letters:
        letters_domain.receive_letter(
            application=application,
            data=samples.pdf(
                f"{author} supports the application of {application.lead_government.name}."
            ),
            filename=f"{kind}.pdf",
            details=common
            | {"kind": kind, "government": government, "author_organisation": author},
            uploaded_by=user,
        )


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32; the same for every test user


def enrol_totp(user, secret=TOTP_SECRET):
    """Give the user an activated TOTP authenticator and recovery codes, as allauth.mfa's
    enrolment does; staff need one before the desk opens for them."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return user


def totp_code(secret=TOTP_SECRET, offset=0):
    """The code an authenticator app shows now (offset: periods later or earlier)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    now = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, now + offset))
