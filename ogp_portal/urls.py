from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import enrolment
from accounts.views import set_language
from desk.views import view_on_site

admin.site.site_header = "OGP Local"
admin.site.site_title = _("OGP Local review")

urlpatterns = [
    # allauth's enrolment and recovery-code pages, remembering where the person was going.
    path(
        "accounts/2fa/totp/activate/",
        enrolment.activate_authenticator,
        name="mfa_activate_totp",
    ),
    path(
        "accounts/2fa/recovery-codes/",
        enrolment.recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # Before the admin's own "view on site" (same path): only objects the user may see.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="desk_view_on_site",
    ),
    # The selection committee's room (desk/committee_views.py), before the admin's catch-all.
    path("admin/committee/", include("desk.committee_urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
    path("", include("publication.urls")),
    path("", include("packets.urls")),
    path("", include("portal.member_urls")),
    path("", include("monitoring.urls")),
    path("", include("reminders.urls")),
    path("", include("records.urls")),
    path("", include("api.urls")),
]
