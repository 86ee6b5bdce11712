from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import set_language

admin.site.site_header = "OGP Local"
admin.site.site_title = _("OGP Local review")

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("applications.urls")),
    path("", include("letters.urls")),
    path("", include("publication.urls")),
    path("", include("packets.urls")),
    path("", include("members.urls")),
]
