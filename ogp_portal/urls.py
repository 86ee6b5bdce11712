from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language
from desk.views import view_on_site

admin.site.site_header = "OGP Local"
admin.site.site_title = _("OGP Local review")

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # Before the admin's own "view on site" (same path): only objects the user may see.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="desk_view_on_site",
    ),
    path("admin/", admin.site.urls),
    path("", include("applications.urls")),
    path("", include("letters.urls")),
    path("", include("publication.urls")),
    path("", include("packets.urls")),
    path("", include("members.urls")),
    path("", include("api.urls")),
]
