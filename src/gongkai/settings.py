"""The one settings module. Everything that differs between machines comes from the environment.

Variables (all optional in development):

- ``GONGKAI_ENV``: ``development`` (default) or ``production``.
- ``SECRET_KEY``: required in production; in development it is generated once into ``var/``.
- ``DEBUG``: ``1`` to turn Django's debug pages on (refused in production).
- ``DATABASE_URL``: e.g. ``postgresql://user@127.0.0.1:5432/gongkai``; default SQLite under ``var/``.
- ``REDIS_URL``: e.g. ``redis://127.0.0.1:6379/0``; default a per-process memory cache.
- ``ALLOWED_HOSTS``: comma-separated host names.
- ``TIME_ZONE`` (default ``Asia/Shanghai``), ``LANGUAGE_CODE`` (default ``zh-hans``).
- ``GONGKAI_VAR_DIR``: where the SQLite database, uploaded files and the local secret live.
- ``GONGKAI_REQUIRE_2FA``: ``1`` makes a TOTP device mandatory for 系统管理员 and 公开办.
- ``EMAIL_URL``-style settings: ``EMAIL_HOST``, ``EMAIL_PORT``, ``DEFAULT_FROM_EMAIL``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


GONGKAI_ENV = os.environ.get("GONGKAI_ENV", "development").strip().lower()
if GONGKAI_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"GONGKAI_ENV must be 'development' or 'production', not {GONGKAI_ENV!r}."
    )
PRODUCTION = GONGKAI_ENV == "production"

VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR") or (PROJECT_DIR / "var")).resolve()

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Refusing to start: GONGKAI_ENV=production needs SECRET_KEY set in the environment."
        )
    # Development: generate once and keep it under var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured(
            "Refusing to start: DEBUG must be off when GONGKAI_ENV=production."
        )
    if len(SECRET_KEY) < 32 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "Refusing to start: SECRET_KEY must be a random string of at least 32 characters."
        )
    if not os.environ.get("ALLOWED_HOSTS"):
        raise ImproperlyConfigured(
            "Refusing to start: GONGKAI_ENV=production needs ALLOWED_HOSTS (the site's host names)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Our apps first: their templates and translations take precedence over Django's own
    # (e.g. Django admin's catalogue would otherwise translate our "Breadcrumbs").
    "gongkai.core",
    "gongkai.agencies",
    "gongkai.accounts",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.search",
    "gongkai.catalog",
    "gongkai.casework",
    "gongkai.applications",
    "gongkai.interaction",
    "gongkai.hotline",
    "gongkai.solicitation",
    "gongkai.interviews",
    "gongkai.proposals",
    "gongkai.topics",
    "gongkai.services",
    "gongkai.servicehall",
    "gongkai.notices",
    "gongkai.internal",
    "gongkai.reports",
    "gongkai.supervision",
    "gongkai.portal",
    "gongkai.api",
    "gongkai.core.apps.GongkaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.accounts.middleware.RequireSecondFactorMiddleware",
    "gongkai.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=DEFAULT_SQLITE_URL, conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing half-way with "database is locked".
            # mmap: pages are read from the OS cache in place instead of copied by a read() each
            # (a tenth off the item page at 100,000 items, docs/performance.md).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA mmap_size=268435456;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Tests use a file (not memory) so that concurrent connections lock and wait as they do in
    # production; one file per process, so parallel runs do not meet.
    import tempfile

    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"gongkai_test_{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongkai",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts and security --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:staff_home"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongkai.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "gongkai.accounts.passwords.CharacterClassValidator"},
    {"NAME": "gongkai.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.accounts.passwords.CommonPasswordValidator"},
]

# django-axes: lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("GONGKAI_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

GONGKAI_REQUIRE_2FA = env_bool("GONGKAI_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = os.environ.get("GONGKAI_OTP_ISSUER", "Gongkai")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Each app keeps its own catalogue in <app>/locale/zh_Hans/LC_MESSAGES/django.po.
LANGUAGE_COOKIE_NAME = "gongkai_lang"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT") or (VAR_DIR / "media"))
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
# Serve app static files straight from their folders when collectstatic has not been run.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- The site ---------------------------------------------------------------------------
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "")  # default: the root agency's name
GONGKAI_ICP = os.environ.get("GONGKAI_ICP", "")  # e.g. 某ICP备00000000号
GONGKAI_SITE_CODE = os.environ.get("GONGKAI_SITE_CODE", "")  # 政府网站标识码
GONGKAI_PSB = os.environ.get("GONGKAI_PSB", "")  # 公网安备 number

# Working days. RULES.md §5.2: whether the receipt day itself counts is UNVERIFIED for GIP;
# the default follows Civil Code Art. 201 (period starts the next day).
GONGKAI_COUNT_START_DAY = env_bool("GONGKAI_COUNT_START_DAY", False)
# Processes that parse a large `gongkai import items` file while the main one writes
# (default: one per CPU; 1 parses in the importing process itself).
GONGKAI_IMPORT_WORKERS = (
    int(os.environ["GONGKAI_IMPORT_WORKERS"]) if os.environ.get("GONGKAI_IMPORT_WORKERS") else None
)
# From this month/day the staff home page warns when next year's calendar is missing.
GONGKAI_CALENDAR_WARN_FROM = (11, 1)

GONGKAI_DEMO_PASSWORD = os.environ.get("GONGKAI_DEMO_PASSWORD", "Gongkai-demo-2026")

SITE_TITLE = _("Government Information Disclosure")

# Annual reports (Art. 49): departments publish the previous year's report by 31 January, a
# government's disclosure office publishes the government's by 31 March, as (month, day).
GONGKAI_REPORT_DUE_DEPARTMENT = (1, 31)
GONGKAI_REPORT_DUE_GOVERNMENT = (3, 31)

# Site self-check (自查), after the 2019 website check indicators (国办秘函〔2019〕19号,
# RULES.md §3.1). Column update periods come from each catalog category (the standard template
# sets 14 / 183 / 366 days); these are the rest.
GONGKAI_SELFCHECK_HOME_DAYS = 14  # 首页不更新: nothing new on the home page for 2 weeks
GONGKAI_SELFCHECK_NEWS_DAYS = 14  # 动态、要闻类栏目: 2 weeks (when the category sets no period)
GONGKAI_SELFCHECK_STALE_COLUMNS_VETO = 5  # (a) stale 动态 + 通知公告/政策文件 columns, in total
# [UNVERIFIED] (b): the period of "columns that should be updated" (人事、规划计划类) is not
# verified; each category's own period is used and this many of them reach the veto.
GONGKAI_SELFCHECK_LONG_STALE_COLUMNS_VETO = 10
GONGKAI_SELFCHECK_EMPTY_COLUMNS_VETO = 5  # (c) 空白栏目
GONGKAI_SELFCHECK_CONSULTATION_MONTHS = 3  # 互动回应差 (b): unanswered for more than 3 months
GONGKAI_SELFCHECK_CONSULTATION_WINDOW_MONTHS = 12  # … among messages of the year before
# Host names whose links count as links to this site, besides ALLOWED_HOSTS and the host of
# GONGKAI_SITE_URL (e.g. an old name of the site still used in texts).
GONGKAI_SELFCHECK_SITE_HOSTS = env_list("GONGKAI_SELFCHECK_SITE_HOSTS", [])
# The site's public address (https://www.example.gov.cn), for links in the self-check e-mail and
# the QR codes of notice-board posters; empty: the address the request came in on.
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "").rstrip("/")
# The largest report file the 公开办 may upload to be checked (MB).
GONGKAI_REPORT_CHECK_MAX_MB = int(os.environ.get("GONGKAI_REPORT_CHECK_MAX_MB", "10"))

# --- Public interaction (政民互动) ---------------------------------------------------------
# Working days to answer a letter, counted from the day after acceptance, per type. No national
# rule exists (RULES.md §4.2): these are the local 12345 rules the file cites, UNVERIFIED for
# any other place. An agency may set its own on its mailboxes page.
GONGKAI_MESSAGE_TIME_LIMITS = {
    "inquiry": 3,
    "help": 3,
    "suggestion": 13,
    "complaint": 13,
    "report": 13,
    "praise": 13,
}
GONGKAI_MESSAGE_MAX_EXTENSION_DAYS = 13  # UNVERIFIED local practice: extensions in all, per letter
