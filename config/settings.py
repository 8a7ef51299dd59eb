"""Trygg settings: one file, driven by the environment (see README, "Configuration")."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import (
    ConfigError,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parent.parent
if "pytest" in sys.modules:
    # tests never depend on a developer's local .env; they run as a non-production instance
    os.environ.setdefault("TRYGG_PRODUCTION", "0")
else:
    # the .env rule (README "Configuration"): read only with TRYGG_PRODUCTION=0 in the real
    # environment, never in a production start
    load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("TRYGG_DEBUG", False)
DEMO_MODE = env_bool("TRYGG_DEMO", False)
PRODUCTION = not DEBUG and not DEMO_MODE and env_bool("TRYGG_PRODUCTION", True)

_secret = env_str("TRYGG_SECRET_KEY", "")
if not _secret:
    if PRODUCTION:
        raise ConfigError(
            "TRYGG_SECRET_KEY must be set in production (TRYGG_DEBUG/TRYGG_DEMO off). For "
            "development use the make targets, or set TRYGG_PRODUCTION=0 (only then is .env read)."
        )
    _secret = "insecure-development-key-only-for-debug-and-demo-mode-0123456789"
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("TRYGG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TRYGG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "trygg.core",
    "trygg.accounts",
    "trygg.places",
    "trygg.reports",
    "trygg.situation",
    "trygg.meetings",
    "trygg.interventions",
    "trygg.promises",
    "trygg.plans.apps.PlansConfig",
    "trygg.public",
    "trygg.joint",
    "trygg.setup",
]

MIDDLEWARE = [
    "trygg.core.middleware.HealthCheckMiddleware",  # /healthz/ for probes (any host, HTTP)
    "django.middleware.security.SecurityMiddleware",
    "trygg.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trygg.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out attempt into its answer
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "trygg.core.context_processors.trygg",
            ],
            # Trygg's `date` filter (Swedish month abbreviations in lower case) in every
            # template; see trygg/core/templatetags/trygg.py
            "builtins": ["trygg.core.templatetags.trygg"],
        },
    },
]

_default_db = f"sqlite:///{BASE_DIR / 'var' / 'trygg.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL: readers never wait for the writer; IMMEDIATE: a write transaction takes the one
    # write lock at BEGIN (no deadlock on upgrading a read); a writer waits up to `timeout`
    # seconds for it. Services decode and validate before they open the transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("TRYGG_SQLITE_TIMEOUT", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "trygg.accounts.backends.LoginThrottleBackend",  # first: refuses a locked-out username
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 10 failed attempts for a username within 15 minutes lock it
# for 15 minutes, on the login form, the admin login and API-token creation (the password is
# asked again there); a successful login resets the count.
AXES_FAILURE_LIMIT = env_int("TRYGG_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("TRYGG_LOGIN_LOCK_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# The account is what is locked. A lock by client address as well would lock everyone behind a
# proxy that speaks plain HTTP to gunicorn (one REMOTE_ADDR; docs/operations.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "trygg.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# API tokens (trygg.accounts.tokens): valid this many days from creation
TRYGG_TOKEN_DAYS = env_int("TRYGG_TOKEN_DAYS", 90)
if TRYGG_TOKEN_DAYS < 1:
    raise ConfigError("TRYGG_TOKEN_DAYS must be at least 1")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("TRYGG_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("TRYGG_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media-not-served/"  # photos are served through an access-checked view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Background tasks (django-tasks, Django 6's API): the database backend, run by
# `python manage.py db_worker` (one or more worker processes next to the web server).
# Tests use the same backend and run the queued tasks explicitly (conftest `run_tasks`), so
# they can see a task queued, then sent or failed.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Trygg-specific
TRYGG_PHOTO_MAX_BYTES = env_int("TRYGG_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
# public pages: counts of events, reports or crimes from 1 to this − 1 are shown as "< N"
TRYGG_PUBLIC_MIN_COUNT = env_int("TRYGG_PUBLIC_MIN_COUNT", 5)
TRYGG_MUNICIPALITY_OUTLINES = env_str(
    "TRYGG_MUNICIPALITY_OUTLINES",
    str(BASE_DIR / "trygg" / "geo" / "data" / "sweden-municipalities.geojson"),
)
TRYGG_REPORT_EDIT_DAYS = env_int("TRYGG_REPORT_EDIT_DAYS", 14)
# the åtgärdsplan (lag 2023:196) is renewed this many years after its decision (Brå: two)
TRYGG_ACTION_PLAN_RENEWAL_YEARS = env_int("TRYGG_ACTION_PLAN_RENEWAL_YEARS", 2)
if not 1 <= TRYGG_ACTION_PLAN_RENEWAL_YEARS <= 10:
    raise ConfigError("TRYGG_ACTION_PLAN_RENEWAL_YEARS must be between 1 and 10")
# quarterly prioritisation: score = need weight · z(harm) + ability weight · z(rating)
TRYGG_PRIORITY_NEED_WEIGHT = env_float("TRYGG_PRIORITY_NEED_WEIGHT", 1.0)
TRYGG_PRIORITY_ABILITY_WEIGHT = env_float("TRYGG_PRIORITY_ABILITY_WEIGHT", 1.0)

# Public pages (trygg.public.decorators.public_view): response cache and rate limit per client
# address. Both live in the default cache: local memory, i.e. per server process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "trygg-default",
    }
}
TRYGG_PUBLIC_CACHE_SECONDS = env_int("TRYGG_PUBLIC_CACHE_SECONDS", 300)
TRYGG_PUBLIC_RATE_LIMIT = env_int("TRYGG_PUBLIC_RATE_LIMIT", 120)  # requests per window
TRYGG_PUBLIC_RATE_WINDOW = env_int("TRYGG_PUBLIC_RATE_WINDOW", 60)  # seconds
if TRYGG_PUBLIC_CACHE_SECONDS < 0 or TRYGG_PUBLIC_RATE_LIMIT < 1 or TRYGG_PUBLIC_RATE_WINDOW < 1:
    raise ConfigError(
        "TRYGG_PUBLIC_CACHE_SECONDS must be >= 0, TRYGG_PUBLIC_RATE_LIMIT and "
        "TRYGG_PUBLIC_RATE_WINDOW >= 1"
    )

# Outgoing e-mail (sending frozen weekly pictures to the organisations).
# With TRYGG_EMAIL_HOST: SMTP. Without it: the console in development/demo (mail is printed,
# never sent); in production nothing is sent and the send action says that mail is not
# configured (the mailto: links on the snapshot page still work).
EMAIL_HOST = env_str("TRYGG_EMAIL_HOST", "")
EMAIL_PORT = env_int("TRYGG_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("TRYGG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("TRYGG_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = env_bool("TRYGG_EMAIL_USE_SSL", False)  # implicit TLS (port 465)
EMAIL_USE_TLS = env_bool("TRYGG_EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS (port 587)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ConfigError("Set at most one of TRYGG_EMAIL_USE_TLS and TRYGG_EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("TRYGG_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("TRYGG_EMAIL_FROM", "trygg@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif not PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
#: False in production without TRYGG_EMAIL_HOST: Trygg then refuses to "send" anything.
TRYGG_EMAIL_ENABLED = bool(EMAIL_HOST) or not PRODUCTION

# The absolute address of this site, for links in e-mail (no request to build them from).
TRYGG_SITE_URL = env_str("TRYGG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not TRYGG_SITE_URL.startswith(("http://", "https://")):
    raise ConfigError(f"TRYGG_SITE_URL must start with http:// or https://, got {TRYGG_SITE_URL!r}")
if PRODUCTION and EMAIL_HOST:
    for _name in ("TRYGG_SITE_URL", "TRYGG_EMAIL_FROM"):
        if not env_str(_name, ""):
            raise ConfigError(f"{_name} must be set in production when TRYGG_EMAIL_HOST is set")

# Security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("TRYGG_SESSION_AGE", 60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("TRYGG_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TRYGG_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
#: Trust the reverse proxy's X-Forwarded-Proto only when told that a proxy sets it (and strips
#: a client's own): otherwise any client could claim to have come over HTTPS.
TRYGG_TRUST_PROXY = env_bool("TRYGG_TRUST_PROXY", False)
if TRYGG_TRUST_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
#: Permissions-Policy (trygg.core.middleware): every feature off, geolocation for the report
#: form's "use my position" on this site's own pages.
TRYGG_PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "usb": [],
}

_tile_url = env_str("TRYGG_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TRYGG_TILE_URL = _tile_url
TRYGG_TILE_ATTRIBUTION = env_str("TRYGG_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
_tile_origin = "https://*.openstreetmap.org" if "openstreetmap" in _tile_url else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"]
        + ([_tile_origin] if _tile_origin else [])
        + env_list("TRYGG_CSP_IMG_EXTRA", []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "trygg.accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["trygg.core.api.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "trygg.core.api.exception_handler",
    # the browsable API (HTML forms for every endpoint) only in development; production
    # answers JSON, and /api/v1/docs/ is the documentation
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trygg API",
    "DESCRIPTION": "Community-safety coordination (EST) for Swedish municipalities.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # several apps have a "status", "type" or "visibility" of their own: one enum name each
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "trygg.reports.choices.ReportStatus",
        "ReportVisibilityEnum": "trygg.reports.choices.Visibility",
        "InterventionTypeEnum": "trygg.interventions.choices.InterventionType",
        "InterventionStatusEnum": "trygg.interventions.choices.InterventionStatus",
        "InterventionVisibilityEnum": "trygg.interventions.choices.InterventionVisibility",
        "MeetingStatusEnum": "trygg.meetings.choices.MeetingStatus",
        "SessionStatusEnum": "trygg.interventions.choices.SessionStatus",
        "StatisticSourceEnum": "trygg.plans.choices.StatisticSource",
        "RegionKindEnum": "trygg.plans.choices.RegionKind",
        "StatisticGenderEnum": "trygg.plans.choices.Gender",
        "PromiseStatusEnum": "trygg.promises.choices.PromiseStatus",
        "PromiseVersionStateEnum": "trygg.promises.choices.VersionState",
        "FollowUpRoundStatusEnum": "trygg.promises.choices.RoundStatus",
        "PromisePartyEnum": "trygg.promises.choices.Party",
        "ReportingPartyEnum": "trygg.promises.choices.ReportingParty",
        "PromiseTargetStateEnum": "trygg.promises.api_shapes.TARGET_STATES",
        "PromiseChangeEnum": "trygg.promises.api_shapes.CHANGES",
        "CrimePictureSourceKindEnum": "trygg.plans.choices.SourceKind",
        "CrimePictureFigureKindEnum": "trygg.plans.choices.FigureKind",
        "CrimePicturePartEnum": "trygg.plans.choices.PicturePart",
        "PlanDocumentStateEnum": "trygg.plans.choices.DocumentState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TRYGG_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
