"""Settings for the OGP Local portal.

Everything that differs between a laptop and production comes from the environment
(12-factor). With nothing set, the portal runs on SQLite in the project folder and
Celery tasks run eagerly in the web process.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accounts.identity_providers import provider_apps, provider_origins
from accounts.ratelimits import split_login_failed

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key: set a secret SECRET_KEY when DEBUG is off."
    )
# Old keys still accepted for signatures made with them (sessions, links) while rotating.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Before the admin: translated model fields (call content per language) and their admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files under runserver too, as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Index expressions with operator classes (trigram search); harmless on SQLite.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Staff single sign-on through OpenID Connect (accounts/single_sign_on.py).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "mailings",
    "accounts",
    "calls",
    "applications",
    "letters",
    "simple_history",
    "reviews",
    "publication",
    "packets",
    "members",
    "monitoring",
    "reminders",
    # The selection committee's room: discussion, cohort, meetings (above reviews, packets).
    "committee",
    "portal",
    "records",
    # Not "rest_framework" nor "django_filters": the API renders only JSON (no templates of
    # theirs), and their catalogues would replace Django's own wording of form errors.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "webhooks",
    # The read API (/api/v1/) and personal tokens: an interface app, imported by nothing.
    "api",
    # The staff desk (the Django admin customised): an interface app, imported by nothing.
    "desk",
]

MIDDLEWARE = [
    # First: answers /healthz before anything reads the Host header or redirects to HTTPS.
    "ogp_portal.health.HealthCheckMiddleware",
    "ogp_portal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mailings.middleware.MailDelayNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.StaffLoginMiddleware",
]

ROOT_URLCONF = "ogp_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]
# Django's form renderer, with inputs, selects, radio buttons and text areas written without
# templates (common/plain_widgets.py).
FORM_RENDERER = "common.plain_widgets.PlainWidgetsRenderer"

WSGI_APPLICATION = "ogp_portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
POSTGRESQL_OPTIONS = {"options": "-c jit=off"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT: it compiles any query PostgreSQL *estimates* as costly, 60-70 ms of LLVM work on
    # the desk's searched list at 10,000 applications for a 5 ms query. The portal runs
    # short queries; PostgreSQL's own guidance is to leave JIT to analytical workloads.
    DATABASES["default"]["OPTIONS"] = {
        **POSTGRESQL_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the groups and permissions in one query.
    "accounts.backends.GroupsAndPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    # Argon2id at OWASP's parameters, one hash at a time per process (accounts/hashers.py).
    # Django's own classes must not be listed for the same algorithms as well: the last hasher
    # listed for an algorithm is the one that checks its hashes.
    "accounts.hashers.Argon2PasswordHasher",
    # Hashes made before Argon2id: checked, then replaced at the next sign-in.
    "accounts.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail is the login; a verified address is required before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OGP Local] "
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
# The name e-mails sign with, never the server's host and port.
SITE_NAME = env.str("SITE_NAME", default="OGP Local")
# Where every applicant, admitted or not, is invited to with the decision e-mail.
COMMUNITY_OF_PRACTICE_URL = env.str(
    "COMMUNITY_OF_PRACTICE_URL", default="https://www.opengovpartnership.org/ogp-local/"
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str(
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http" if DEBUG else "https"
)
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# Wrong passwords are refused from the sixth try per account and the eleventh a minute per
# address (only failures count there: colleagues signing in at once from one office are not
# refused, accounts/ratelimits.py); the counters live in the cache, so with REDIS_URL set they
# count across all web processes.
ACCOUNT_RATE_LIMITS = split_login_failed(
    env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key")
)
# How long a limit waits for its counter's lock in the cache before refusing (allauth: 1 s).
RATE_LIMIT_LOCK_WAIT_SECONDS = env.float("RATE_LIMIT_LOCK_WAIT_SECONDS", default=10)
# Staff (reviewers, coordinators) enrol a TOTP authenticator, with recovery codes, before the
# desk opens for them (accounts.middleware.StaffLoginMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="OGP Local")
# A code typed as the app's 30-second period ends reaches the portal in the next one: accept
# the period before too, as RFC 6238 (section 5.2) recommends for network delay. A code still
# counts once only (allauth keeps used codes in the cache for a period).
MFA_TOTP_TOLERANCE = 1

# Staff single sign-on (docs/single-sign-on.md): OpenID Connect identity providers, as a JSON
# list of {"id", "name", "server_url", "client_id", "secret", "trusts_second_factor"}. None:
# no button, e-mail and password for everyone. Staff only; applicants never sign in this way.
OIDC_PROVIDERS = env.json("OIDC_PROVIDERS", default=[])
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": provider_apps(OIDC_PROVIDERS)}}
SOCIALACCOUNT_ADAPTER = "accounts.single_sign_on.StaffOnlySocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

LANGUAGE_CODE = "en"
# Adding a language: one line here and its catalogues (see docs/architecture.md).
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
# Call content (titles, questions, criteria) has a column per language (django-modeltranslation);
# a missing translation reads as the first of these that has text.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_AUTO_POPULATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
FORMAT_MODULE_PATH = ["ogp_portal.formats"]  # English short dates, day first
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private files (letters, packets): never under a public URL; served by permission-checked views.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    # Served by WhiteNoise: compressed, with hashed names and far-future cache headers.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Private files on an S3-compatible object store when a bucket is named (several web and
# worker machines then share them); the local folder above otherwise. The bucket stays
# private: downloads pass through the permission-checked views, which stream the file, or
# (PRIVATE_FILES_REDIRECT) redirect to a signed URL valid for S3_SIGNED_URL_SECONDS.
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_SIGNED_URL_SECONDS = env.int("S3_SIGNED_URL_SECONDS", default=60)
PRIVATE_FILES_REDIRECT = env.bool("PRIVATE_FILES_REDIRECT", default=False)
if S3_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default="private"),
            "default_acl": None,  # objects inherit the private bucket's policy
            "querystring_auth": True,
            "querystring_expire": S3_SIGNED_URL_SECONDS,
            "file_overwrite": False,
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
        },
    }

# A laptop prints mail; production sends it by SMTP. The console backend writes invitation
# links and password-reset keys into the logs: with DEBUG off it is refused unless the host
# says so (EMAIL_CONSOLE_ALLOWED, e.g. a staging machine that must send nothing).
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=CONSOLE_EMAIL_BACKEND if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
if (
    not DEBUG
    and EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND
    and not env.bool("EMAIL_CONSOLE_ALLOWED", default=False)
):
    raise ImproperlyConfigured(
        "EMAIL_BACKEND is the console with DEBUG off: it would print invitation links and "
        "password-reset keys into the logs. Set an SMTP server, or EMAIL_CONSOLE_ALLOWED=true."
    )
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="OGP Local <local@opengovpartnership.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Mail that the server does not take at once is kept in the outbox (mailings/outbox.py): one
# try of at most MAIL_ATTEMPT_SECONDS while the person waits, then retries after
# MAIL_RETRY_SECONDS, doubling up to MAIL_RETRY_MAX_SECONDS, MAIL_MAX_ATTEMPTS tries in all;
# beat sweeps the outbox every MAIL_SWEEP_SECONDS. EMAIL_TIMEOUT bounds the workers' tries.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
MAIL_ATTEMPT_SECONDS = env.int("MAIL_ATTEMPT_SECONDS", default=5)
MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=30)
MAIL_RETRY_MAX_SECONDS = env.int("MAIL_RETRY_MAX_SECONDS", default=3600)
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=60)
MAIL_SWEEP_SECONDS = env.float("MAIL_SWEEP_SECONDS", default=30)

SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: a real broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# One cache for every process (login rate limits, used TOTP codes): Redis when it is there.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": "ogp",
        }
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Workers log through LOGGING below (JSON in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A packet's renderer stamps a heartbeat every PACKET_HEARTBEAT_SECONDS; one silent for
# PACKET_LEASE_SECONDS is dead, and beat's sweep (every PACKET_SWEEP_SECONDS) sends its packet
# again: with the defaults a killed render is taken up within a minute (packets/domain.py).
PACKET_HEARTBEAT_SECONDS = env.float("PACKET_HEARTBEAT_SECONDS", default=10)
PACKET_LEASE_SECONDS = env.float("PACKET_LEASE_SECONDS", default=30)
PACKET_SWEEP_SECONDS = env.float("PACKET_SWEEP_SECONDS", default=20)
if not 0 < 2 * PACKET_HEARTBEAT_SECONDS <= PACKET_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "PACKET_LEASE_SECONDS must be at least twice PACKET_HEARTBEAT_SECONDS (and both positive): "
        "a renderer that is alive must not look dead."
    )
# A call archive's builder stamps a heartbeat every ARCHIVE_HEARTBEAT_SECONDS; one silent for
# ARCHIVE_LEASE_SECONDS is dead, and beat's sweep (every ARCHIVE_SWEEP_SECONDS) removes its partial
# file and queues the archive again, ARCHIVE_MAX_BUILDS builds in all, then fails it
# (records/stuck.py, docs/records.md).
ARCHIVE_HEARTBEAT_SECONDS = env.float("ARCHIVE_HEARTBEAT_SECONDS", default=15)
ARCHIVE_LEASE_SECONDS = env.float("ARCHIVE_LEASE_SECONDS", default=90)
ARCHIVE_SWEEP_SECONDS = env.float("ARCHIVE_SWEEP_SECONDS", default=60)
ARCHIVE_MAX_BUILDS = env.int("ARCHIVE_MAX_BUILDS", default=2)
if not 0 < 2 * ARCHIVE_HEARTBEAT_SECONDS <= ARCHIVE_LEASE_SECONDS or ARCHIVE_MAX_BUILDS < 1:
    raise ImproperlyConfigured(
        "ARCHIVE_LEASE_SECONDS must be at least twice ARCHIVE_HEARTBEAT_SECONDS (both positive), "
        "and ARCHIVE_MAX_BUILDS at least 1."
    )
# Reminders (docs/reminders.md): how often beat looks for due ones, and the default days
# before each deadline (a call may set its own for drafts, invitations and reviews).
REMINDER_SWEEP_SECONDS = env.float("REMINDER_SWEEP_SECONDS", default=3600)
REMINDER_DAYS = {
    "draft": [14, 3, 1],
    "invitation": [7, 2],
    "review": [7, 1],
    "milestone": [14, 1],
    "report": [30, 7],
    "action_plan": [30, 7],
}
CELERY_BEAT_SCHEDULE = {
    # Unsent packets and dead renders are taken up again (packets/domain.py).
    "packets-requeue-stuck": {
        "task": "packets.tasks.requeue_stuck_packets_task",
        "schedule": PACKET_SWEEP_SECONDS,
    },
    "mailings-sweep-outbox": {
        "task": "mailings.tasks.sweep_outbox",
        "schedule": MAIL_SWEEP_SECONDS,
    },
    "packets-refresh-stale": {
        "task": "packets.tasks.refresh_stale_packets_task",
        "schedule": 3600.0,
    },
    # Reminders that are due go out, each once however often this runs (docs/reminders.md).
    "reminders-send-due": {
        "task": "reminders.tasks.send_due_reminders_task",
        "schedule": REMINDER_SWEEP_SECONDS,
    },
    # How long each kind of record is kept (RETENTION below; records/retention.py).
    "records-apply-retention": {
        "task": "records.tasks.apply_retention_task",
        "schedule": 24 * 3600.0,
    },
    # Archives whose builder stopped answering are queued again once, then failed.
    "records-sweep-stuck-archives": {
        "task": "records.tasks.sweep_stuck_archives_task",
        "schedule": ARCHIVE_SWEEP_SECONDS,
    },
}

# How long records are kept (records/retention.py, docs/records.md). Letters and packets of
# applications not admitted: months after the decision was released; accounts whose e-mail was
# never verified: days after sign-up; applications never submitted: months after the close.
RETENTION = {
    "letters_of_not_admitted_months": env.int(
        "RETENTION_LETTERS_OF_NOT_ADMITTED_MONTHS", default=24
    ),
    "unverified_accounts_days": env.int("RETENTION_UNVERIFIED_ACCOUNTS_DAYS", default=30),
    "unsubmitted_drafts_months": env.int("RETENTION_UNSUBMITTED_DRAFTS_MONTHS", default=12),
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    # A host that terminates TLS in front of the portal and cannot reach it over plain HTTP
    # may turn these off; check --deploy then says so.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# X-Forwarded-Proto is believed only when the host says a proxy sets it (and strips it from
# clients): otherwise anyone could claim HTTPS.
TRUST_PROXY_HEADERS = env.bool("TRUST_PROXY_HEADERS", default=False)
if TRUST_PROXY_HEADERS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Per-address limits (allauth's sign-in limits, common.client_address) key on the client's
# address as the proxies report it in X-Forwarded-For: the entry this many from the right
# (Caddy, docker-compose.yml: one, the address it saw; it drops what the client sent).
# Behind no proxy: 0, the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=1 if TRUST_PROXY_HEADERS else 0
)

# Content security policy (django-csp 4): only the portal's own scripts, styles and fonts; no
# inline code. Images may also be data: URIs (the TOTP QR code, Bootstrap's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The sign-in page's "Sign in with …" buttons are answered with a redirect to the
        # identity provider (docs/single-sign-on.md).
        "form-action": ["'self'", *provider_origins(OIDC_PROVIDERS)],
        "frame-ancestors": ["'none'"],
    },
}

# The API (api/, docs/api.md): personal tokens only (no session, so no CSRF question), public
# lists by cursor, rate limits per address or per token counted in the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.tokens.PersonalTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ByIdCursor",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRate", "api.throttling.TokenRate"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_THROTTLE_RATES = {
    "anon": env.str("API_ANONYMOUS_RATE", default="120/minute"),
    "user": env.str("API_TOKEN_RATE", default="600/minute"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OGP Local API",
    "DESCRIPTION": "Calls, results, members, action plans, commitments, milestones and reports "
    "of OGP Local; with a personal token, the applications and reviews its holder may read.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # JSON Schema 2020-12 inside (nullable as a type), so responses validate with jsonschema.
    "OAS_VERSION": "3.1.0",
    # Swagger UI from the sidecar package's static files (no CDN), its script a file (CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"OpenGovernmentDegreeEnum": "members.enums.OpenGovernmentDegree"},
}

# Webhooks (webhooks/, docs/api.md): attempts per delivery, the first retry's wait (doubled
# each time), and whether endpoints may be on private or loopback addresses (never in
# production: a webhook URL must not reach inside the network).
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=6)
WEBHOOKS_RETRY_BASE_SECONDS = env.int("WEBHOOKS_RETRY_BASE_SECONDS", default=30)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False)
# After a secret's rotation, deliveries are signed with the old secret too for this long.
WEBHOOKS_SECRET_OVERLAP_HOURS = env.int("WEBHOOKS_SECRET_OVERLAP_HOURS", default=24)

# Letters: uploads are judged by their content (letters/validation.py) within these limits.
LETTER_MAX_BYTES = env.int("LETTER_MAX_BYTES", default=20 * 1024 * 1024)
LETTER_MAX_PAGES = env.int("LETTER_MAX_PAGES", default=30)
LETTER_MAX_PIXELS = env.int("LETTER_MAX_PIXELS", default=60_000_000)
# Quotas (issue 10): files kept per invitation and per application (replacements included),
# uploads per hour per invitation link or per account, invitation e-mails per application
# per 24 hours.
LETTER_UPLOADS_PER_INVITATION = env.int("LETTER_UPLOADS_PER_INVITATION", default=5)
LETTER_UPLOADS_PER_APPLICATION = env.int("LETTER_UPLOADS_PER_APPLICATION", default=60)
LETTER_UPLOADS_PER_HOUR = env.int("LETTER_UPLOADS_PER_HOUR", default=10)
LETTER_INVITATIONS_PER_DAY = env.int("LETTER_INVITATIONS_PER_DAY", default=10)
EDITOR_INVITATIONS_PER_DAY = env.int("EDITOR_INVITATIONS_PER_DAY", default=10)
# A new member's first action plan is due this many months after admission (monitoring/process.py).
MONITORING_PLAN_DUE_MONTHS = env.int("MONITORING_PLAN_DUE_MONTHS", default=6)
# Edits after submission wait this long before their packet renders: quick edits, one packet.
PACKET_DEBOUNCE_SECONDS = env.int("PACKET_DEBOUNCE_SECONDS", default=10)
# Letters are parsed in a child process with these limits (letters/sandbox.py).
LETTER_PARSE_SECONDS = env.int("LETTER_PARSE_SECONDS", default=20)
LETTER_PARSE_MEMORY_MB = env.int("LETTER_PARSE_MEMORY_MB", default=1024)
# At most this many letters are read at once per web process; one more waits for a slot at most
# LETTER_SANDBOX_WAIT_SECONDS (a burst at the deadline), then is answered "busy, try again in
# LETTER_SANDBOX_RETRY_AFTER seconds" (503): never a queue longer than that.
LETTER_SANDBOX_MAX_CHILDREN = env.int("LETTER_SANDBOX_MAX_CHILDREN", default=2)
LETTER_SANDBOX_WAIT_SECONDS = env.float("LETTER_SANDBOX_WAIT_SECONDS", default=2.0)
LETTER_SANDBOX_RETRY_AFTER = env.int("LETTER_SANDBOX_RETRY_AFTER", default=30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A request body larger than this is refused from its declared length, in gunicorn
# (ogp_portal/body_limit.py) and at the proxy (deploy/Caddyfile): a letter and its form.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=LETTER_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# An application's term must run at least this long after the call's deadline (criterion 3).
MINIMUM_TERM_MONTHS_AFTER_DEADLINE = 16

# /healthz (ogp_portal/health.py): the deep check (database, Redis, storage) answers clients on
# loopback or a private network, or a request with this token in X-Health-Token; it is
# computed at most once in this many seconds per process.
HEALTH_CHECK_TOKEN = env.str("HEALTH_CHECK_TOKEN", default="")
HEALTH_CHECK_CACHE_SECONDS = env.float("HEALTH_CHECK_CACHE_SECONDS", default=5)

# Logs: one JSON object per line in production (LOG_FORMAT=json, the default when DEBUG is
# off), plain text otherwise. Every record carries the request id (ogp_portal.request_id),
# also inside the Celery tasks a request queued.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "ogp_portal.request_id.RequestIdFilter"},
        # Invitation and password-reset tokens are cut out of logged paths.
        "redact_tokens": {"()": "ogp_portal.log_redaction.RedactTokensFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id", "redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint and its font and PDF libraries narrate every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
