from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from ..forms import reviewers_queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def get_search_results(self, request, queryset, search_term):
        """The reviewer search box of an assignment (desk.admin.applications.AssignmentInline)
        offers reviewers only, the people its form accepts."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if (
            request.GET.get("app_label") == "reviews"
            and request.GET.get("model_name") == "assignment"
            and request.GET.get("field_name") == "reviewer"
        ):
            queryset = queryset.filter(pk__in=reviewers_queryset().values("pk"))
        return queryset, may_have_duplicates


# Single sign-on (accounts/single_sign_on.py): identity providers come from the settings
# (OIDC_PROVIDERS), tokens are not stored, and a staff account is linked to its provider
# identity only by signing in; allauth's own admin pages for these are not on the desk.
for _model in (SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
