from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "mailings"
    verbose_name = "Mailings"
    default_auto_field = "django.db.models.BigAutoField"
