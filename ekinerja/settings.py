"""Settings for e-Kinerja, read from the environment.

DEBUG defaults to on so that a fresh checkout runs at once (SQLite, local accounts).
Whenever DEBUG=0 the production settings below apply.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn `postgres://user:pass@host:port/name?sslmode=...` or `sqlite:///path` into Django's form."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/"))
        if parts.path.startswith("//"):
            name = "/" + name.lstrip("/")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or BASE_DIR / "db.sqlite3"}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "demo-only-insecure-key-" + "x" * 40
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ekinerja.apps.EkinerjaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "pgtrigger",
    "ekinerja.apps.EkinerjaConfig",
    "skp",
    "matriks",
    "progres",
    "penilaian",
    "monitoring",
    "skala",  # manage.py generate_scale_data (issue 16); no models, no URLs
]

MIDDLEWARE = [
    "ekinerja.requestid.RequestIdMiddleware",
    # Pages go out gzip-compressed (issue 12 item 8: light pages on slow links; the proxy need not
    # do it). Outermost after the request id, so it compresses the final body. Django adds
    # "Heal the Breach" length padding against BREACH, and CSRF tokens are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware without Accept-Language, after authentication: it reads the profile.
    "ekinerja.bahasa.BahasaMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ekinerja.akses.AksesDataMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ekinerja.sesi.SesiMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ekinerja.middleware.HtmxMessagesMiddleware",
]

ROOT_URLCONF = "ekinerja.urls"
WSGI_APPLICATION = "ekinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ekinerja.context_processors.navigation",
                "ekinerja.context_processors.notifications",
                "ekinerja.context_processors.sesi",
            ],
            # {% token_formulir %} in every create form (ekinerja/formulir.py).
            "builtins": ["ekinerja.templatetags.formulir"],
        },
    },
]

DATABASES = {"default": parse_database_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"))}
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not Path(
    DATABASES["default"]["NAME"]
).is_absolute():
    DATABASES["default"]["NAME"] = BASE_DIR / DATABASES["default"]["NAME"]
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles queries whose estimated cost is high. The monitoring aggregates
    # over a whole instansi are such queries, and at 50,000 pegawai compiling them took 3-5 s of
    # a 1 s query (bench/bench_monitoring.py); short OLTP queries never gain from it. A
    # DATABASE_URL ?options=... still overrides this.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ekinerja.Pegawai"
AUTHENTICATION_BACKENDS = ["ekinerja.auth.MySapkBackend", "ekinerja.auth.LocalAccountBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Identity service (MySAPK / SSO SIASN, Keycloak-compatible). Unset MYSAPK_BASE_URL = local accounts.
MYSAPK_BASE_URL = os.environ.get("MYSAPK_BASE_URL", "").rstrip("/")
MYSAPK_REALM = os.environ.get("MYSAPK_REALM", "public-siasn")
MYSAPK_CLIENT_ID = os.environ.get("MYSAPK_CLIENT_ID", "")
MYSAPK_CLIENT_SECRET = os.environ.get("MYSAPK_CLIENT_SECRET", "")
SIASN_BASE_URL = os.environ.get("SIASN_BASE_URL", "").rstrip("/")
# (connect, read) seconds for every call to the identity service and SIASN.
IDENTITY_TIMEOUT = (
    float(os.environ.get("IDENTITY_CONNECT_TIMEOUT", "3")),
    float(os.environ.get("IDENTITY_READ_TIMEOUT", "10")),
)
# SIASN both ways (issue 14): the API gateway (WSO2) token, the documents' reference ids, and how
# the background work (sinkron, kirim hasil) talks to SIASN. README "SIASN" explains each.
SIASN_WSO_TOKEN_URL = os.environ.get("SIASN_WSO_TOKEN_URL", "").strip()
SIASN_CONSUMER_KEY = os.environ.get("SIASN_CONSUMER_KEY", "")
SIASN_CONSUMER_SECRET = os.environ.get("SIASN_CONSUMER_SECRET", "")
SIASN_DOK_PERIODIK = os.environ.get("SIASN_DOK_PERIODIK", "890")
SIASN_DOK_TAHUNAN = os.environ.get("SIASN_DOK_TAHUNAN", "873")
SIASN_TIMEOUT = (
    float(os.environ.get("SIASN_CONNECT_TIMEOUT", "5")),
    float(os.environ.get("SIASN_READ_TIMEOUT", "30")),
)
SIASN_RATE_PER_SECOND = float(os.environ.get("SIASN_RATE_PER_SECOND", "10"))  # 0 = no limit
SIASN_CONCURRENCY = int(os.environ.get("SIASN_CONCURRENCY", "4"))
SIASN_MAX_RETRIES = int(os.environ.get("SIASN_MAX_RETRIES", "4"))
SIASN_BACKOFF_SECONDS = float(os.environ.get("SIASN_BACKOFF_SECONDS", "1"))
SIASN_BACKOFF_MAX_SECONDS = float(os.environ.get("SIASN_BACKOFF_MAX_SECONDS", "60"))
SIASN_TOKEN_MARGIN_SECONDS = int(os.environ.get("SIASN_TOKEN_MARGIN_SECONDS", "60"))
SIASN_SINKRON_BATCH = int(os.environ.get("SIASN_SINKRON_BATCH", "200"))
SIASN_KIRIM_HASIL = env_bool("SIASN_KIRIM_HASIL", True)
SIASN_KIRIM_MAX_PERCOBAAN = int(os.environ.get("SIASN_KIRIM_MAX_PERCOBAAN", "6"))
# Failed logins allowed per NIP and per IP address inside the window before logins are refused.
LOGIN_MAX_FAILURES_PER_NIP = int(os.environ.get("LOGIN_MAX_FAILURES_PER_NIP", "5"))
LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("LOGIN_MAX_FAILURES_PER_IP", "20"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Past the per-IP limit an address is slowed, never locked out: each further attempt waits
# LOGIN_IP_DELAY_SECONDS, doubling per failure, at most LOGIN_IP_DELAY_MAX_SECONDS.
LOGIN_IP_DELAY_SECONDS = float(os.environ.get("LOGIN_IP_DELAY_SECONDS", "0.5"))
LOGIN_IP_DELAY_MAX_SECONDS = float(os.environ.get("LOGIN_IP_DELAY_MAX_SECONDS", "8"))
# Reverse proxies (addresses or networks) whose X-Forwarded-For / X-Request-ID are believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("Bahasa Inggris"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")

# Content Security Policy (Django 6): scripts only from us or with this response's nonce, no inline
# styles. htmx is configured (base.html) to need neither eval nor inline styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Email (Django 6.1 MAILERS): the console in the demo, SMTP from the environment in production.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend" if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "e-Kinerja <noreply@localhost>")
# Absolute base of links in emails, e.g. https://kinerja.example.go.id
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Days a pegawai has to object (keberatan) to a final predikat.
KEBERATAN_HARI = int(os.environ.get("KEBERATAN_HARI", "14"))

# Background work (bulk PDF ZIPs): Django's tasks framework, stored in the database and run by
# `manage.py db_worker` (django-tasks-db).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Progres Harian (issue 15): how many days back a day may still be logged, when the daily reminder
# goes out (local time, working days), and where uploaded bukti are kept: a private folder that no
# URL serves (BUKTI_ROOT), or an S3-compatible bucket when BUKTI_S3_BUCKET is set (django-storages).
PROGRES_HARI_MUNDUR = int(os.environ.get("PROGRES_HARI_MUNDUR", "7"))
PROGRES_PENGINGAT_JAM = os.environ.get("PROGRES_PENGINGAT_JAM", "15:00")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "bukti": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("BUKTI_ROOT", str(BASE_DIR / "berkas"))},
    },
}
if os.environ.get("BUKTI_S3_BUCKET"):
    STORAGES["bukti"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["BUKTI_S3_BUCKET"],
            "endpoint_url": os.environ.get("BUKTI_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("BUKTI_S3_REGION") or None,
            "access_key": os.environ.get("BUKTI_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("BUKTI_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("BUKTI_S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# Redis (issue 16 item 4, ekinerja/redis_cadangan.py): with REDIS_URL the cache, the sessions
# (cached_db: read from Redis, kept in the database too) and the login throttle are shared by
# every app process through Redis; when Redis cannot be reached they fall back to the database
# and Redis is not tried again for REDIS_JEDA_DETIK seconds. Without REDIS_URL (the demo) the
# cache is per process and sessions and throttle live in the database.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
REDIS_JEDA_DETIK = float(os.environ.get("REDIS_JEDA_DETIK", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ekinerja.redis_cadangan.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "ekinerja"),
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CSRF_FAILURE_VIEW = "ekinerja.errors.csrf_failure"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Sessions (ekinerja/sesi.py): ended after SESSION_IDLE_MINUTES without activity and at most
# SESSION_MAX_HOURS after login, on the server; pages warn SESSION_WARNING_SECONDS before.
SESSION_IDLE_SECONDS = 60 * int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_SECONDS = 3600 * int(os.environ.get("SESSION_MAX_HOURS", "12"))
SESSION_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS

# Every record carries the request id (ekinerja/requestid.py). Django prints its own request
# errors only while DEBUG is on; with DEBUG=0 the handler below writes them (traceback and id) to
# stderr, where gunicorn/systemd collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "ekinerja.requestid.RequestIdFilter"},
        "production": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain",
                    "filters": ["request_id"]},
        "errors": {"class": "logging.StreamHandler", "formatter": "plain",
                   "filters": ["request_id", "production"]},
    },
    "loggers": {
        "ekinerja": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["errors"], "level": "WARNING"},
        "django.security": {"handlers": ["errors"], "level": "WARNING"},
    },
}

if not DEBUG:
    # Static files straight from the WSGI app (hashed, compressed): gunicorn needs no static server.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.csp.ContentSecurityPolicyMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Only a local plain-HTTP benchmark turns this off (bench/bench_pages.py).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SESSION_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    STORAGES["staticfiles"] = {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    }
    if env_bool("STATIC_FINDERS", False):
        # Trials and tests only (tests/skala): serve static files straight from the app folders,
        # without collectstatic (no hashed names, no compression). Never in production.
        WHITENOISE_USE_FINDERS = True
        STORAGES["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Connection pooling (issue 16 item 4, docs/scaling.md §6b): with DB_POOL_MAX > 0 each app process
# keeps a psycopg pool of at most that many connections (at least DB_POOL_MIN open), shared by its
# threads, instead of one persistent connection per thread (CONN_MAX_AGE, which pooling replaces).
# A request that finds every connection busy waits DB_POOL_TIMEOUT seconds, then fails.
DB_POOL_MAX = int(os.environ.get("DB_POOL_MAX", "0"))
if DB_POOL_MAX > 0 and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # the pool checks a connection it lends
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": min(DB_POOL_MAX, int(os.environ.get("DB_POOL_MIN", "1"))),
        "max_size": DB_POOL_MAX,
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }

# A streaming replica for lag-tolerant reads (issue 16 item 4, ekinerja/db_router.py, docs/scaling.md
# §6d): lists, kurva, monitoring and reports read there unless it is down, lags more than
# REPLIKA_LAG_MAKS seconds, or this browser wrote within REPLIKA_PIN_DETIK seconds.
REPLIKA_LAG_MAKS = float(os.environ.get("REPLIKA_LAG_MAKS", "5"))
REPLIKA_PIN_DETIK = float(os.environ.get("REPLIKA_PIN_DETIK", "15"))
REPLIKA_CEK_DETIK = float(os.environ.get("REPLIKA_CEK_DETIK", "1"))
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    _replika = parse_database_url(os.environ["DATABASE_REPLICA_URL"].strip())
    _utama = DATABASES["default"]
    _replika["OPTIONS"] = {"connect_timeout": 2, **_utama["OPTIONS"], **_replika["OPTIONS"]}
    if "pool" in _replika["OPTIONS"]:
        _replika["OPTIONS"]["pool"] = dict(_replika["OPTIONS"]["pool"])
    for _kunci in ("ATOMIC_REQUESTS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if _kunci in _utama:
            _replika[_kunci] = _utama[_kunci]
    _replika["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replika
    DATABASE_ROUTERS = ["ekinerja.db_router.Router"]
    MIDDLEWARE.append("ekinerja.db_router.ReplikaMiddleware")
