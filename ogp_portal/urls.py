from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "OGP Local"
admin.site.site_title = "OGP Local review"

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("applications.urls")),
    path("", include("letters.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
