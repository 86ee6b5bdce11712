from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand
from django.utils import timezone

from applications.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo staff accounts' current second-factor code (see load_demo)."

    def handle(self, *args, **options):
        period = app_settings.TOTP_PERIOD
        now = int(timezone.now().timestamp())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // period))
        self.stdout.write(f"{code}  (valid for {period - now % period} more seconds)")
