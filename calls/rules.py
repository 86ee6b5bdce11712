"""Who may do what with calls (django-rules), asked by name: the desk's call pages ask
``calls.edit_call``."""

import rules

from accounts.rules import is_coordinator

# Coordinators keep each call's content: its window, form, eligible countries.
rules.add_perm("calls.edit_call", is_coordinator)
