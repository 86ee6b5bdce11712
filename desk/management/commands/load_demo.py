from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications import domain
from applications.demo import (
    DEMO_ACCOUNTS,
    DEMO_APPLICATIONS,
    DEMO_CALL,
    DEMO_PASSWORD_HINT,
    DEMO_TOTP_SECRET,
)
from applications.models import Application, Organisation
from calls.domain import add_default_form
from calls.eligibility import default_eligible_countries
from calls.models import Call
from letters.domain import invite_letter_author, receive_letter
from letters.enums import LetterKind
from letters.models import LetterInvitation
from letters.tokens import invitation_token
from members.demo import load_demo_member
from monitoring.demo import load_demo_monitoring
from reviews.demo import prepare_demo_review


class Command(BaseCommand):
    help = (
        "Load an open call, three applications and demo accounts. Running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        users = {account["role"]: self._account(account) for account in DEMO_ACCOUNTS}
        call = self._call()
        applicant = users["applicant"]
        for spec in DEMO_APPLICATIONS:
            application = self._application(call, applicant, spec)
            self.stdout.write(f"{application.reference}\t{application.lead_government.name}")
        prepare_demo_review(call=call, reviewer=users["reviewer"], coordinator=users["coordinator"])
        invitation = self._invitation(application, applicant, users["civil-society uploader"])
        member = load_demo_member(editor=applicant, coordinator=users["coordinator"])
        load_demo_monitoring(
            member=member, monitor=users["monitor"], coordinator=users["coordinator"]
        )
        self.stdout.write(
            f"\nMember: {member.name} ({settings.SITE_URL}{member.get_absolute_url()})"
        )
        self.stdout.write("")
        self.stdout.write(DEMO_PASSWORD_HINT)
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['role']:<24}{account['email']:<30}{account['password']}")
        self.stdout.write(
            "\nStaff accounts ask for a second factor. Add this key to an authenticator app:"
            f"\n  {DEMO_TOTP_SECRET}"
            "\nor print the current code with:  .venv/bin/python manage.py demo_code"
        )
        link = settings.SITE_URL + reverse(
            "letter_invitation", kwargs={"token": invitation_token(invitation)}
        )
        self.stdout.write(
            f"\nLetter-of-support link for {invitation.organisation_name} ({invitation.email}):"
            f"\n  {link}"
        )

    @staticmethod
    def _government(application, name):
        if name is None:
            return None
        if name == "lead":
            return application.lead_government
        return application.partners.get(organisation__name=name).organisation

    def _invitation(self, application, applicant, uploader):
        """The last demo application asks its civil-society partner for a letter."""
        invitation = LetterInvitation.objects.filter(
            application=application, email=uploader.email
        ).first()
        if invitation is None:
            invitation = invite_letter_author(
                application=application,
                organisation_name=application.partners.first().organisation.name,
                email=uploader.email,
                kind=LetterKind.CIVIL_SOCIETY,
                invited_by=applicant,
                link_for=lambda token: (
                    settings.SITE_URL + reverse("letter_invitation", kwargs={"token": token})
                ),
            )
        return invitation

    def _account(self, account):
        user_model = get_user_model()
        user = user_model.objects.filter(email=account["email"]).first()
        if user is None:
            user = user_model.objects.create_user(
                email=account["email"],
                password=account["password"],
                full_name=account["full_name"],
                is_staff=account["is_staff"],
                is_superuser=account["is_superuser"],
            )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if user.is_staff and not Authenticator.objects.filter(user=user).exists():
            # The desk asks staff for a second factor; the demo's is a known key.
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        return user

    def _call(self):
        call = Call.objects.filter(slug=DEMO_CALL["slug"]).first()
        if call is None:
            now = timezone.now().replace(minute=0, second=0, microsecond=0)
            call = Call.objects.create(
                **DEMO_CALL,
                opens_at=now - timedelta(days=30),
                closes_at=now + timedelta(days=60),
                # The demo's La Paz (Bolivia) shows a country a coordinator added to the list.
                eligible_countries=[*default_eligible_countries(), "BO"],
            )
            add_default_form(call=call)
        return call

    def _application(self, call, applicant, spec):
        existing = Application.objects.filter(
            call=call, lead_government__name=spec["government"]["name"]
        ).first()
        if existing:
            return existing
        application = domain.start_application(
            call=call,
            user=applicant,
            lead_government=Organisation(**spec["government"]),
            language=spec["language"],
        )
        domain.update_application_details(
            application=application,
            details=spec["details"] | {"language": spec["language"]},
            government={},
            version=application.version,
            user=applicant,
        )
        for partner in spec["partners"]:
            domain.add_partner(
                application=application,
                organisation=Organisation(**partner["organisation"]),
                role=partner["role"],
                user=applicant,
            )
        sections = list(call.sections.order_by("position").prefetch_related("questions"))
        for section_position, section in enumerate(sections, start=1):
            questions = list(section.questions.order_by("position"))
            answers = {
                question.pk: spec["answers"][(section_position, question_position)]
                for question_position, question in enumerate(questions, start=1)
                if (section_position, question_position) in spec["answers"]
            }
            if answers:
                domain.save_section(
                    application=application,
                    section=section,
                    answers=answers,
                    version=0,
                    user=applicant,
                )
        for letter in spec["letters"]:
            receive_letter(
                application=application,
                data=demo_letter_pdf(letter),
                filename=f"{letter['author_organisation']}.pdf",
                details={
                    "kind": letter["kind"],
                    "government": self._government(application, letter.get("government")),
                    "author_organisation": letter["author_organisation"],
                    "signatory_name": letter["signatory_name"],
                    "signatory_title": letter["signatory_title"],
                    "signed_on": timezone.localdate(),
                    "language": letter["language"],
                },
                uploaded_by=applicant,
            )
        if spec["submit"]:
            domain.submit_application(application=application, user=applicant)
        return application


def demo_letter_pdf(letter):
    """A one-page letter rendered with WeasyPrint, standing in for a scanned original."""
    from django.utils.html import escape
    from weasyprint import HTML

    html = f"""<html><body style="font-family: DejaVu Serif, serif; margin: 3cm 2.5cm">
    <p style="text-align: right">{timezone.localdate():%d %B %Y}</p>
    <p>To the OGP Local Support Unit</p>
    <p>{escape(letter["body"])}</p>
    <p style="margin-top: 3cm">{escape(letter["signatory_name"])}<br>
    {escape(letter["signatory_title"])}<br>{escape(letter["author_organisation"])}</p>
    </body></html>"""
    return HTML(string=html).write_pdf()
