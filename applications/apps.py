from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from .converters import ReferenceConverter

        # Registered before any urls module is read: every app's URLs may use <reference:...>.
        register_converter(ReferenceConverter, "reference")
