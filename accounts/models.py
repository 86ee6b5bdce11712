import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the pages and e-mails you receive."),
    )
    # Moved on when the account is promoted to staff (accounts.signals): every session signed
    # in before then ends at its next request (get_session_auth_hash below).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name or self.email

    def get_session_auth_hash(self):
        from .second_factor import session_hash

        return session_hash(super().get_session_auth_hash(), self.session_generation)

    def get_session_auth_fallback_hash(self):
        from .second_factor import session_hash

        for fallback in super().get_session_auth_fallback_hash():
            yield session_hash(fallback, self.session_generation)

    def has_perm(self, perm, obj=None):
        """In a request whose session has not given the second factor (accounts.second_factor),
        only the django-rules answer, and their staff rules refuse: the staff groups' model
        permissions and a superuser's blanket rights are off there."""
        if self._staff_rights_withheld():
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        """The desk's modules: never for a session without the second factor."""
        if self._staff_rights_withheld():
            return False
        return super().has_module_perms(app_label)

    def _staff_rights_withheld(self):
        from .second_factor import staff_rights_withheld

        return staff_rights_withheld(self)
