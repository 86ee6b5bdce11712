from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals
        from .roles import grant_roles_after_migrate

        post_migrate.connect(grant_roles_after_migrate, dispatch_uid="accounts_grant_roles")
        signals.connect()  # promotion to staff ends the account's sessions
