"""Django settings for Navigator.

Everything that differs between a laptop and production comes from environment variables
(see the configuration table in README.md). DEBUG is off unless NAVIGATOR_DEBUG=1, which only
`make run` sets.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NAVIGATOR_VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = Path(os.environ.get("NAVIGATOR_NODE_MODULES", BASE_DIR / "node_modules"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("NAVIGATOR_DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not os.environ.get("NAVIGATOR_ALLOW_INSECURE_KEY"):
        raise RuntimeError("Set SECRET_KEY (or NAVIGATOR_DEBUG=1 for local development).")
    SECRET_KEY = "navigator-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks_db",
    "navigator.core",
    "navigator.accounts",
    "navigator.audit",
    "navigator.people",
    "navigator.referrals",
    "navigator.outreach",
    "navigator.plans",
    "navigator.directory",
    "navigator.contacts",
    "navigator.activities",
    "navigator.links",
    "navigator.outcomes",
    "navigator.feedback",
    "navigator.messaging",
    "navigator.reports",
    "navigator.api",
    "navigator.fhir",
    "navigator.governance",
    "navigator.trail",
    "navigator.restrictions",
    "navigator.demo",
]

# The report rollups' indexes carry the columns a report reads (Index.include), so that on
# PostgreSQL a report reads the index alone; SQLite builds the same indexes without them,
# which is all it can do, and need not say so on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "navigator.accounts.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "navigator.core.middleware.NoStoreMiddleware",
    "navigator.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "navigator.accounts.middleware.TwoFactorMiddleware",
    "navigator.core.middleware.OrganisationScopeMiddleware",
    "navigator.audit.middleware.AuditContextMiddleware",
    "navigator.people.middleware.MergedRecordMiddleware",
    "navigator.core.once.OnceMiddleware",
]

ROOT_URLCONF = "navigator.urls"
WSGI_APPLICATION = "navigator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "navigator.core.jinja.environment"},
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'navigator.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is checked before a request reuses it, so a database restart
        # costs one reconnect rather than an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server and the task worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # No JIT compilation of queries. It pays off for long analytical scans; a query of ours
    # costed high enough to be compiled (a report section's, a due-date refresh over a large
    # caseload) spent longer compiling than running: the flow section took 2.1 s with JIT
    # and 1.5 s without at 200,000 referrals, a benchmark due-date refresh 6 s more.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "navigator.accounts.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after this much inactivity: a request pushes the expiry forward whenever it
# would move by more than a minute (navigator.accounts.sessions).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ENGINE = "navigator.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Rate limits and lock-outs are counted in a cache every process shares: the database by
# default (its table is made by a migration; navigator.core.cache makes its increment atomic),
# Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "navigator.core.cache.DatabaseCache", "LOCATION": "navigator_cache"}
}
# Load balancers and proxies whose X-Forwarded-For is believed (addresses or networks); from
# anyone else the header is ignored (navigator/core/clients.py).
TRUSTED_PROXIES = env_list("NAVIGATOR_TRUSTED_PROXIES")

# Repeated failed sign-ins lock the username from that address for a while.
AXES_CLIENT_IP_CALLABLE = "navigator.core.clients.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.jinja"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Navigator"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
# The NHS.UK frontend CSS refers to /assets/images/…, so its assets folder is served unprefixed.
STATICFILES_DIRS = [
    NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk" / "assets",
    ("nhsuk", NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or env_bool("WHITENOISE_USE_FINDERS", True)

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else SMTP_BACKEND
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
        }
        if EMAIL_BACKEND_PATH == SMTP_BACKEND
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Navigator <navigator@localhost>")
# The address people reach Navigator at: e-mailed links (secure links, reminders) start with it.
NAVIGATOR_SITE_URL = os.environ.get("NAVIGATOR_SITE_URL", "http://127.0.0.1:8000")
# GOV.UK Notify sends texts, e-mails and letters when a key is set; without one, texts and
# letters are written to the log (development) and e-mails go by EMAIL_BACKEND.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# The bearer token GOV.UK Notify sends with delivery receipts and received texts.
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")
# NOTIFY_TEMPLATE_SMS, _EMAIL, _LETTER (every message type) and e.g. NOTIFY_TEMPLATE_DID_YOU_GO_SMS
# (one type): GOV.UK Notify template ids, keyed here without the prefix, in lower case.
NOTIFY_TEMPLATE_IDS = {
    name.removeprefix("NOTIFY_TEMPLATE_").lower(): value
    for name, value in os.environ.items()
    if name.startswith("NOTIFY_TEMPLATE_")
}
# NHS MESH: when MESH_URL, MESH_MAILBOX and MESH_WORKFLOW_ID are set, the message back to the GP
# goes to the practice's MESH mailbox (found by its ODS code and the workflow) instead of by e-mail.
MESH_URL = os.environ.get("MESH_URL", "")
MESH_MAILBOX = os.environ.get("MESH_MAILBOX", "")
MESH_PASSWORD = os.environ.get("MESH_PASSWORD", "")
MESH_SHARED_KEY = os.environ.get("MESH_SHARED_KEY", "")
MESH_WORKFLOW_ID = os.environ.get("MESH_WORKFLOW_ID", "")
# The mailbox's TLS client certificate and key (files), and the CA bundle to trust (by default the
# one mesh-client ships for NHS England's own endpoints).
MESH_CLIENT_CERT = os.environ.get("MESH_CLIENT_CERT", "")
MESH_CLIENT_KEY = os.environ.get("MESH_CLIENT_KEY", "")
MESH_CA_CERT = os.environ.get("MESH_CA_CERT", "")
# Mail domains secure enough for patient details (NHSmail): a GP practice's e-mail address, and a
# referrer's, must be on one of them for the message back to the GP to be e-mailed.
NAVIGATOR_SECURE_EMAIL_DOMAINS = [
    domain.strip().lower()
    for domain in os.environ.get("NAVIGATOR_SECURE_EMAIL_DOMAINS", "nhs.net").split(",")
    if domain.strip()
]
# Texts are not sent between these local times: they wait until the end of the quiet hours.
NAVIGATOR_QUIET_HOURS = os.environ.get("NAVIGATOR_QUIET_HOURS", "21:00-08:00")
NAVIGATOR_DIRECTORY_STALE_MONTHS = int(os.environ.get("NAVIGATOR_DIRECTORY_STALE_MONTHS", "6"))
NAVIGATOR_ACTIVITY_ANSWER_WORKING_DAYS = int(
    os.environ.get("NAVIGATOR_ACTIVITY_ANSWER_WORKING_DAYS", "5")
)
# API clients: access tokens live this long; each client may make this many calls per window.
NAVIGATOR_API_TOKEN_SECONDS = int(os.environ.get("NAVIGATOR_API_TOKEN_SECONDS", "600"))
NAVIGATOR_API_RATE_LIMIT = int(os.environ.get("NAVIGATOR_API_RATE_LIMIT", "120"))
NAVIGATOR_API_RATE_WINDOW_SECONDS = 60

# Security headers. Cookies are secure and HSTS is on whenever DEBUG is off.
SECURE = not DEBUG and not env_bool("NAVIGATOR_INSECURE_HTTP")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: htmx sends the token from the form's hidden field.
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"brief_forbidden": {"()": "navigator.core.log_filters.BriefForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates each step of every PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        # Django's own handlers would write each django.* record a second time (the root's
        # handler writes it too); with no ADMINS its e-mail handler sends nothing anyway.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"filters": ["brief_forbidden"]},
    },
}

CSRF_FAILURE_VIEW = "navigator.core.views.csrf_failure"
