"""Settings shared by every mode. Everything deploy-specific comes from the environment.

Environment variables (all optional in development):
  DATABASE_URL            default sqlite:///<repo>/var/zhifa.sqlite3 (WAL, IMMEDIATE transactions)
  ZHIFA_SECRET_KEY        Django secret key
  ZHIFA_ALLOWED_HOSTS     comma-separated host names
  ZHIFA_MEDIA_ROOT        file storage path (uploads, issued documents); default <repo>/var/media
  ZHIFA_FIELD_KEY         32 hex chars: SM4 key for identity numbers at rest
  ZHIFA_INDEX_KEY         64 hex chars: SM3-HMAC key for blind indexes of identity numbers
  ZHIFA_SHARED_DIR        reference data folder (laws, divisions, discretion); default <repo>/../shared
  ZHIFA_PORTAL_URL        public site origin printed with the 当事人查询码 on served documents
  ZHIFA_PAYMENT_ADAPTER   dotted path of the party portal's payment adapter (default: local fake)
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ZHIFA_VAR_DIR", BASE_DIR / "var"))
SHARED_DIR = Path(os.environ.get("ZHIFA_SHARED_DIR", BASE_DIR.parent / "shared"))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("ZHIFA_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = False
ALLOWED_HOSTS = env_list("ZHIFA_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("ZHIFA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "zhifa.core",
    "zhifa.orgs",
    "zhifa.legal",
    "zhifa.parties",
    "zhifa.documents",
    "zhifa.evidence",
    "zhifa.dossier",
    "zhifa.worklist",
    "zhifa.cases",
    "zhifa.transfers",
    "zhifa.coercion",
    "zhifa.clues",
    "zhifa.inspections",
    "zhifa.disclosure",
    "zhifa.portal",
    "zhifa.portal.complaints",
    "zhifa.portal.party",
    "zhifa.integrations.credit_push",
    "zhifa.web",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhifa.orgs.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhifa" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zhifa.web.context_processors.navigation",
                "zhifa.core.context_processors.calendar_warning",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhifa.sqlite3'}"),
        conn_max_age=int(os.environ.get("ZHIFA_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536; PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: absolute lifetime 8 h; the idle timeout is enforced by IdleSessionTimeoutMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
ZHIFA_SESSION_IDLE_SECONDS = int(os.environ.get("ZHIFA_SESSION_IDLE_SECONDS", str(30 * 60)))
# Login lockout: 5 failures within 15 minutes lock the account for 15 minutes.
ZHIFA_LOGIN_MAX_FAILURES = 5
ZHIFA_LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
ZHIFA_LOGIN_LOCKOUT_SECONDS = 15 * 60
# Party portal (zhifa.portal.party): where parties sign in, their idle and absolute session limits,
# and the payment platform adapter.
ZHIFA_PORTAL_URL = os.environ.get("ZHIFA_PORTAL_URL", "http://127.0.0.1:8000")
ZHIFA_PARTY_IDLE_SECONDS = 15 * 60
ZHIFA_PARTY_SESSION_SECONDS = 2 * 3600
ZHIFA_PAYMENT_ADAPTER = os.environ.get(
    "ZHIFA_PAYMENT_ADAPTER", "zhifa.portal.party.payments.LocalFakePaymentAdapter"
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ZHIFA_STATIC_ROOT", VAR_DIR / "static"))
# Leaflet's own files from the django-leaflet wheel (leaflet/leaflet.js, leaflet/leaflet.css). Its
# Django app is not installed: it needs GDAL, and we only serve the files.
_LEAFLET = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = (
    [Path(next(iter(_LEAFLET.submodule_search_locations))) / "static"]
    if _LEAFLET and _LEAFLET.submodule_search_locations
    else []
)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("ZHIFA_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# 国密 keys for personal data at rest. Development defaults are fixed so demo data stays readable;
# production refuses to start without its own keys (see prod.py).
ZHIFA_FIELD_KEY = os.environ.get("ZHIFA_FIELD_KEY", "0123456789abcdeffedcba9876543210")
ZHIFA_INDEX_KEY = os.environ.get(
    "ZHIFA_INDEX_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
)
# SM2 key pair of this installation (signs approvals and issued documents). Hex; generated if empty.
ZHIFA_SM2_PRIVATE_KEY = os.environ.get("ZHIFA_SM2_PRIVATE_KEY", "")

NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIFA_LOG_LEVEL", "WARNING")},
}
