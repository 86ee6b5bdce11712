"""Who may ask for and download a call's archive: coordinators (their desk session has used the
second factor: accounts.middleware.StaffLoginMiddleware)."""

import rules

from accounts.rules import is_coordinator

rules.add_perm("records.request_archive", is_coordinator)
rules.add_perm("records.download_archive", is_coordinator)
