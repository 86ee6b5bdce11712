"""Every admin registration of the portal, one module per data app, on shared pieces (base.py).

Django's admin autodiscovery imports ``desk.admin``; importing the modules below registers
their ModelAdmins on the default site.
"""

from django.contrib import admin

from . import (  # noqa: F401
    accounts,
    applications,
    calls,
    changes,
    letters,
    members,
    monitoring,
    packets,
    records,
    reminders,
    reviews,
    webhooks,
)
from .app_list import remember_app_list
from .querystrings import refuse_odd_query_strings

# Last, once every admin (the libraries' too: desk is the last app) is registered.
refuse_odd_query_strings(admin.site)
remember_app_list(admin.site)
