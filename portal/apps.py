from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The applicant's and the invitee's pages, above the data apps (as the desk is for staff):
    views and URLs only; their forms and templates stay with the data they edit."""

    name = "portal"
