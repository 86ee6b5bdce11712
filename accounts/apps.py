from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_migrate

        from common.kept import quiet

        from . import signals
        from .ratelimits import wait_longer_for_locks
        from .roles import grant_roles_after_migrate

        wait_longer_for_locks(settings.RATE_LIMIT_LOCK_WAIT_SECONDS)

        post_migrate.connect(grant_roles_after_migrate, dispatch_uid="accounts_grant_roles")
        signals.connect()  # promotion to staff ends the account's sessions
        # A sign-in writes the user's last_login, which no kept value reads (common.kept).
        quiet(settings.AUTH_USER_MODEL, ["last_login"])
