"""Every admin registration of the portal, one module per data app, on shared pieces (base.py).

Django's admin autodiscovery imports ``desk.admin``; importing the modules below registers
their ModelAdmins on the default site.
"""

from . import (  # noqa: F401
    accounts,
    applications,
    calls,
    letters,
    members,
    packets,
    reviews,
    webhooks,
)
