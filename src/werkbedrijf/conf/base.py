"""Every setting, read from the environment with secure defaults.

This module is the production configuration: it has no default secret key and DEBUG is off.
dev.py, test.py and ci.py only supply defaults for local work.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .env import config, config_bool, config_list, database_from_url

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
DJANGO_PROJECT_DIR = SRC_DIR / "werkbedrijf"
VAR_DIR = Path(config("WERKBEDRIJF_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = config("SECRET_KEY", required=True)
DEBUG = config_bool("DEBUG", False)
ALLOWED_HOSTS = config_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = config_list("CSRF_TRUSTED_ORIGINS", [])

# SQLite is the default so that a newcomer needs nothing but Python (docs/adr/0001).
DATABASES = {
    "default": database_from_url(config("DATABASE_URL", f"sqlite:///{VAR_DIR / 'werkbedrijf.sqlite3'}")),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # Our apps, lower layers first (STYLE.md): a lower app never imports a higher one.
    "werkbedrijf.core",
    "werkbedrijf.regions",
    "werkbedrijf.accounts",
    "werkbedrijf.audit",
    "werkbedrijf.parameters",
    "werkbedrijf.candidates",
    "werkbedrijf.employers",
    "werkbedrijf.vacancies",
    "werkbedrijf.labour_pools",
    "werkbedrijf.wage_value",
    "werkbedrijf.instruments",
    "werkbedrijf.proposals",
    "werkbedrijf.matching",
    "werkbedrijf.placements",
    "werkbedrijf.monitoring",
    "werkbedrijf.transfers",
    "werkbedrijf.api",
    "werkbedrijf.home",
    "werkbedrijf.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "werkbedrijf.core.middleware.DutchByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "werkbedrijf.accounts.middleware.TwoFactorRequiredMiddleware",
    "werkbedrijf.accounts.middleware.ActiveRegionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "werkbedrijf.api.middleware.APIVersionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "werkbedrijf.urls"
WSGI_APPLICATION = "werkbedrijf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [DJANGO_PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "werkbedrijf.accounts.context_processors.workplace",
                "werkbedrijf.employers.context_processors.employer_navigation",
                "werkbedrijf.vacancies.context_processors.vacancy_navigation",
                "werkbedrijf.labour_pools.context_processors.labour_pool_navigation",
                "werkbedrijf.wage_value.context_processors.assessment_navigation",
                "werkbedrijf.instruments.context_processors.instrument_navigation",
                "werkbedrijf.proposals.context_processors.proposal_navigation",
                "werkbedrijf.placements.context_processors.placement_navigation",
                "werkbedrijf.monitoring.context_processors.monitoring_navigation",
                "werkbedrijf.matching.context_processors.matching_navigation",
                "werkbedrijf.transfers.context_processors.transfer_navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed-login throttling (django-axes): lock a username+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = int(config("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(config("AXES_COOLOFF_HOURS", "0.5"))

# Import files (transfers/reading.py has the other limits: rows, columns, cell length, XLSX unpacked size).
TRANSFERS_MAX_UPLOAD_BYTES = int(config("TRANSFERS_MAX_UPLOAD_MB", "20")) * 1024 * 1024
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Two-factor authentication is required for every staff user (everyone but employer users). Deliberately
# not read from the environment: only test settings may switch it off.
WERKBEDRIJF_REQUIRE_2FA = True
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = config("OTP_TOTP_ISSUER", "Werkbedrijf")

# Only conf/dev.py allows `werkbedrijf demo`: demo users have a published password.
WERKBEDRIJF_DEMO_ALLOWED = False

# Behind a reverse proxy: how many proxies add X-Forwarded-For, so that the access log and the login
# throttle see the client's address instead of the proxy's.
TRUSTED_PROXY_COUNT = int(config("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [DJANGO_PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(config("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [DJANGO_PROJECT_DIR / "static"]
MEDIA_ROOT = Path(config("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_SECURE = config_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = config_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(config("SESSION_COOKIE_AGE", str(8 * 3600)))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = config_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(config("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = config_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = config_bool("SECURE_HSTS_PRELOAD", False)
# HSTS for subdomains and preloading commit the whole (municipal) domain to HTTPS: the operator decides,
# with the two variables above. Everything else `check --deploy` asks for is on by default (tested).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if config_bool("BEHIND_HTTPS_PROXY") else None

# Strict CSP: no inline script or style (PITFALLS.md); scripts get a nonce where one is needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "werkbedrijf.api.authentication.ApiTokenAuthentication",
        "werkbedrijf.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["djangorestframework_camel_case.parser.CamelCaseJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "werkbedrijf.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "werkbedrijf.api.exceptions.problem_exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": None,
}
API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "Werkbedrijf API",
    "DESCRIPTION": (
        "REST API of the regional Werkbedrijf. Follows the NL API Design Rules: camelCase JSON, "
        "uuids in paths, errors as application/problem+json, API-Version header."
    ),
    "VERSION": API_VERSION,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
    ],
    "LICENSE": {"name": "EUPL-1.2"},
    # Several models have a field called "status" or "kind"; name each choice set after its own class.
    "ENUM_NAME_OVERRIDES": {
        "CandidateStatusEnum": "werkbedrijf.candidates.models.CandidateStatus",
        "ContactMomentKindEnum": "werkbedrijf.employers.models.ContactMomentKind",
        "PledgeKindEnum": "werkbedrijf.employers.models.PledgeKind",
        "VacancyStatusEnum": "werkbedrijf.vacancies.models.VacancyStatus",
        "VacancyKindEnum": "werkbedrijf.vacancies.models.VacancyKind",
        "PoolKindEnum": "werkbedrijf.labour_pools.models.PoolKind",
        "ImportStatusEnum": "werkbedrijf.transfers.models.ImportStatus",
        "AssessmentStatusEnum": "werkbedrijf.wage_value.models.AssessmentStatus",
        "WageValueMethodEnum": "werkbedrijf.wage_value.models.METHOD_CHOICES",
        "GrantStatusEnum": "werkbedrijf.instruments.models.GrantStatus",
        "PaymentStatusEnum": "werkbedrijf.instruments.models.PaymentStatus",
        "InstrumentKindEnum": "werkbedrijf.instruments.models.InstrumentKind",
        "EligibilityStatusEnum": "werkbedrijf.instruments.api.ELIGIBILITY_STATUS_CHOICES",
        "TargetGroupEnum": "werkbedrijf.candidates.models.TargetGroup",
    },
}

# Celery: with no broker configured, tasks run in-process (docs/adr/0001).
CELERY_BROKER_URL = config("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = config("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The nightly jobs, for `bin/celery_beat.sh`. Without a broker, run the same from cron with
# `werkbedrijf checkpoint_reminders` and `werkbedrijf assessment_reminders`; the to-do lists on the pages
# do not depend on them.
CELERY_BEAT_SCHEDULE = {
    "checkpoint-reminders": {
        "task": "werkbedrijf.placements.checkpoint_reminders",
        "schedule": 24 * 60 * 60,
    },
    "assessment-reminders": {
        "task": "werkbedrijf.wage_value.assessment_reminders",
        "schedule": 24 * 60 * 60,
    },
    "monitoring-figures": {
        "task": "werkbedrijf.monitoring.build_all",
        "schedule": 24 * 60 * 60,
    },
}

# Pseudonyms shown to users outside a candidate's own organisation are keyed HMACs. A key of its own, so
# that rotating SECRET_KEY does not change every pseudonym; changing it does.
PSEUDONYM_KEY = config("PSEUDONYM_KEY", required=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": config("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
