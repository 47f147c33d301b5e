"""Pacer's one settings module, driven by environment variables.

Every variable is optional for the demo. A bad value fails loudly at start-up instead of
silently falling back, so a production misconfiguration is seen at once.

- ``PACER_DEBUG``: "1"/"true" turns debug on (default off).
- ``PACER_SECRET_KEY``: the secret key; when unset, a random key is created once and kept in
  ``var/secret_key`` (readable by the owner only), which is safe in production too.
- ``PACER_DATABASE_URL``: e.g. ``postgres://user:pass@127.0.0.1:5432/pacer``;
  default: SQLite in var/.
- ``PACER_ALLOWED_HOSTS``: comma-separated host names (default ``localhost,127.0.0.1``).
- ``PACER_VAR_DIR``: where the SQLite database and the generated secret live (default ``var/``).
- ``PACER_EMAIL_BACKEND``: Django email backend path (default: console).
- ``PACER_ALERT_EMAIL``: "1" also sends alert notifications by email (default off).
- ``PACER_SITE_URL``: the public address (e.g. ``https://pacer.example.com``) for links in
  notifications (default none).
- ``PACER_STATIC_ROOT``: where ``pacer collectstatic`` writes (default ``var/static``).
- ``PACER_STATIC_BROTLI``: "0" skips the slow Brotli copies of static files (gzip only).
- ``PACER_HTTPS``: "1" when served over HTTPS: secure cookies, HTTPS redirect, HSTS.
- ``PACER_BEHIND_PROXY``: "1" behind a reverse proxy that sets X-Forwarded-Proto and appends
  the client address to X-Forwarded-For.
- ``PACER_LOGIN_RATE_LIMIT``: "0" turns the login lockout off (default on).
- ``PACER_LOGIN_FAILURE_LIMIT``: failed logins per user name and address before a lockout
  (default 5).
- ``PACER_LOGIN_LOCKOUT_MINUTES``: how long a lockout lasts, in minutes (default 15).
- ``PACER_SESSION_MAX_HOURS``: a login ends this many hours after it began (default 12).
- ``PACER_SESSION_IDLE_MINUTES``: a login ends after this many minutes without a request
  (default 120; 0 turns the idle limit off).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    msg = f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)"
    raise ImproperlyConfigured(msg)


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = minimum - 1
    if value < minimum:
        msg = f"{name}={raw!r} is not a whole number of at least {minimum}"
        raise ImproperlyConfigured(msg)
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


VAR_DIR = Path(os.environ.get("PACER_VAR_DIR") or BASE_DIR / "var")


def _secret_key() -> str:
    configured = os.environ.get("PACER_SECRET_KEY")
    if configured:
        return configured
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


DEBUG = env_bool("PACER_DEBUG", default=False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("PACER_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("PACER_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "pacer.static_storage.PacerStaticFilesConfig",
    "django.contrib.humanize",
    "template_partials",
    "axes",
    "pacer.org",
    "pacer.crm",
    "pacer.plans",
    "pacer.progress",
    "pacer.alerts",
    "pacer.reviews",
    "pacer.sla",
    "pacer.adjustments",
    "pacer.forecasts",
    "pacer.incentives",
    "pacer.ops",
    "pacer.exchange",
    "pacer.demo",
    "pacer.api",
    "pacer.audit",
    "pacer.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pacer.web.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pacer.audit.middleware.AuditContextMiddleware",
    "pacer.audit.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it turns the login view's refusal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pacer.urls"
WSGI_APPLICATION = "pacer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pacer.web.context_processors.navigation",
            ],
        },
    },
]

_DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'pacer.sqlite3'}"
DATABASE_URL = os.environ.get("PACER_DATABASE_URL") or _DEFAULT_SQLITE
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:  # an unknown scheme or a malformed URL
    msg = f"PACER_DATABASE_URL is not a database URL Pacer understands: {exc}"
    raise ImproperlyConfigured(msg) from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dashboard read while an import writes; a busy timeout instead of "locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The covering indexes' extra columns (crm) speed up PostgreSQL only; SQLite keeps the
    # plain index, which is all it needs, so its warning on every command is noise.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # PostgreSQL's JIT compiles the report queries' expressions afresh each time: 2-3 s per
    # query over millions of rows, more than it saves. A URL's own ``options`` win.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The first backend refuses a locked-out user name + address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# zh-Hans is the default; English is the second language, chosen per user.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("PACER_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
# collectstatic target for production; whitenoise also serves straight from the finders.
STATIC_ROOT = Path(os.environ.get("PACER_STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
# ECharts and htmx come from the npm registry (package.json + lock file), never copied in.
STATICFILES_DIRS = [
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = True
# After collectstatic only the content-hashed copies are kept (pages link nothing else).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
PACER_STATIC_BROTLI = env_bool("PACER_STATIC_BROTLI", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "pacer.static_storage.PacerStaticStorage"},
}

# The dashboard's company-wide figures are cached under the data version (``pacer.ops``), which
# database triggers change on every write. A file cache is shared by all gunicorn workers without
# another server; ``PACER_CACHE_URL=redis://…`` uses Redis instead.
_CACHE_URL = os.environ.get("PACER_CACHE_URL", "").strip()
if _CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "TIMEOUT": 60 * 60 * 24,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _CACHE_URL.removeprefix("file://") or str(VAR_DIR / "cache"),
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Uploads for the import page are parsed in memory up to this size, then spooled to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "PACER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
PACER_ALERT_EMAIL = env_bool("PACER_ALERT_EMAIL", default=False)
PACER_SITE_URL = os.environ.get("PACER_SITE_URL", "").rstrip("/")

# A login lasts at most PACER_SESSION_MAX_HOURS from sign-in and ends sooner after
# PACER_SESSION_IDLE_MINUTES without a request (pacer.audit.middleware.SessionExpiryMiddleware).
SESSION_COOKIE_AGE = 60 * 60 * env_int("PACER_SESSION_MAX_HOURS", default=12, minimum=1)
PACER_SESSION_IDLE_SECONDS = 60 * env_int("PACER_SESSION_IDLE_MINUTES", default=120)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Production behind HTTPS (``PACER_HTTPS=1``): secure cookies, redirects and HSTS, so that
# ``pacer check --deploy`` is clean. ``PACER_BEHIND_PROXY=1`` trusts X-Forwarded-Proto.
if not DEBUG and env_bool("PACER_HTTPS", default=False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PACER_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("PACER_HSTS_PRELOAD", default=True)
PACER_BEHIND_PROXY = env_bool("PACER_BEHIND_PROXY", default=False)
if PACER_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login rate limiting (django-axes): a user name tried from one address is locked for
# PACER_LOGIN_LOCKOUT_MINUTES after PACER_LOGIN_FAILURE_LIMIT failures; a success resets the
# count. API bearer tokens never pass through here.
AXES_ENABLED = env_bool("PACER_LOGIN_RATE_LIMIT", default=True)
AXES_FAILURE_LIMIT = env_int("PACER_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PACER_LOGIN_LOCKOUT_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "pacer.audit.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "pacer.audit.client.client_ip"
# Successful logins are kept in the audit trail; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("PACER_LOG_LEVEL", "WARNING").upper(),
    },
}
