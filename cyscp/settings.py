"""Settings for the CYSCP learning site.

Every value that differs between machines comes from the environment (or a
`.env` file beside manage.py), read here once with django-environ. The
defaults are safe for development: DEBUG is off unless asked for, and with it
off the site refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from cyscp.services import S3_STORAGE, s3_options, usable_cache

BASE_DIR = Path(__file__).resolve().parent.parent

# A placeholder that is only acceptable while DEBUG is on.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"  # noqa: S105

env = environ.Env()
# ENV_FILE lets tests and operators point elsewhere (or at /dev/null).
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random value when DEBUG is off "
            "(at least 50 characters, not one repeated; see .env.example)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must name the site's host names when DEBUG is off (see .env.example)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_prose_editor",
    "cyscp",
    "reviews",
    "briefings",
    "events",
]

MIDDLEWARE = [
    # A request id for every request and its log lines (cyscp.observability).
    "cyscp.observability.RequestIdMiddleware",
    # A plain 400 for a host the site does not answer to, and one trusted host
    # for every absolute link (see cyscp.middleware).
    "cyscp.middleware.HostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so a due change is published even while every
    # page is served from the cache.
    "cyscp.workflow.ScheduledChangesMiddleware",
    # Public pages for visitors who are not signed in, from the cache; outside
    # the session, CSRF and CSP middleware, whose headers a kept page carries.
    "cyscp.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cyscp.middleware.RejectNulBytesInAdminMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a sign-in that passed two-factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "cyscp.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cyscp.middleware.AdminListFilterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cyscp.redirects.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

# Sign-in protection (django-axes): after 5 failed attempts for one username
# from one address, sign-in is locked for 15 minutes. The lock page says the
# same whether or not the username exists. `manage.py axes_reset_username
# NAME` lifts a lock; the admin lists attempts and lockouts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Fifteen minutes from the lock, as the lock page says: trying again while
# locked does not start the wait again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "cyscp.signin.client_ip_address"
# The client's address comes from X-Forwarded-For only behind a proxy that
# sets it: otherwise anyone could send the header and guess without limit.
TRUSTED_PROXY = env.bool("TRUSTED_PROXY", default=False)

# Two-factor sign-in (django-otp, with codes from an authenticator app):
# any member of staff can turn it on; with this setting on, publishers must,
# and cannot use the admin until they have.
TWO_FACTOR_FOR_PUBLISHERS = env.bool("TWO_FACTOR_FOR_PUBLISHERS", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="CYSCP learning")

# Changes to published items that a publisher approved for a later time go
# public when `manage.py publish_scheduled` runs (from cron), and also from
# the next request after their time: the site looks for due changes at most
# this often, per process. 0 leaves it to the command alone.
SCHEDULED_CHANGES_CHECK_SECONDS = env.int("SCHEDULED_CHANGES_CHECK_SECONDS", default=30)
# Public pages are kept whole in the cache (CACHE_URL) for visitors who are
# not signed in, for at most this many seconds; any change to content makes
# them stale at once (cyscp.page_cache). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# How long a browser, proxy or CDN in front may keep a public page.
PAGE_MAX_AGE = env.int("PAGE_MAX_AGE", default=60)

ROOT_URLCONF = "cyscp.urls"
WSGI_APPLICATION = "cyscp.wsgi.application"

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
                "cyscp.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Give up on an unreachable database in seconds, not libpq's or the pool's
    # defaults (none, and 30 s): /healthz must answer 503 before the load
    # balancer's own timeout, and a stuck worker serves nobody.
    database_timeout = env.int("DATABASE_TIMEOUT", default=3)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", database_timeout)
    # psycopg's own pool keeps connections warm under gunicorn's threads.
    if env.bool("DATABASE_POOL", default=not DEBUG):
        from cyscp.database import check_connection

        options["pool"] = {"timeout": database_timeout, "check": check_connection}
# Each connection is checked before a request uses it (with the pool, by the
# pool's check as it hands one out), so one the database dropped in a restart
# or failover is replaced instead of failing a visitor's page.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A cache whose client is missing is replaced by a stand-in that says so, and
# `manage.py check` fails (cyscp.services).
CACHES = {
    "default": usable_cache(
        env.cache("CACHE_URL", default="locmemcache://"),
        redis_timeout=env.float("REDIS_TIMEOUT", default=1),
    )
}
# Sessions (staff sign-ins; visitors have none) are kept in the database
# only, shared by every instance. Not read through Redis: a sign-out while
# Redis did not answer would leave the session in it, and the cookie would
# sign in again once Redis was back.
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded documents: on this machine's disk by default; with several
# instances, in object storage that they share (S3 or any S3-compatible
# service, through django-storages), named by MEDIA_STORAGE=s3.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")
if MEDIA_STORAGE == "s3":
    MEDIA_STORAGE = S3_STORAGE
STORAGES = {
    "default": {
        "BACKEND": MEDIA_STORAGE,
        "OPTIONS": s3_options(
            bucket_name=env.str("AWS_STORAGE_BUCKET_NAME", default=""),
            endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            region_name=env.str("AWS_S3_REGION_NAME", default="") or None,
            access_key=env.str("AWS_ACCESS_KEY_ID", default="") or None,
            secret_key=env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            location=env.str("AWS_LOCATION", default=""),
            timeout=env.int("STORAGE_TIMEOUT", default=5),
        )
        if MEDIA_STORAGE == S3_STORAGE
        else {},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Uploaded documents (briefings, slides, reports): the largest accepted, in MB.
DOCUMENT_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_MB", default=20) * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security headers. The CSP allows scripts only from this site and only with
# the per-request nonce, so nothing staff type can run in a visitor's browser.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind a TLS-terminating proxy (see README: deploying).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
# The host (and port, if not the usual one) that absolute links name, e.g.
# learning.example.org. Empty: the request's host, if ALLOWED_HOSTS allows it
# and without a port the server does not listen on.
SITE_HOST = env.str("SITE_HOST", default="")
if SITE_HOST and SITE_HOST.rsplit(":", 1)[0] not in ALLOWED_HOSTS:
    # Links name it, so the site answers to it.
    ALLOWED_HOSTS.append(SITE_HOST.rsplit(":", 1)[0])
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Sending the preload flag does not submit the site to browsers' list; an operator does.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)

# LOG_FORMAT=json: one JSON line per log record, and one per request (method,
# path, status, time taken, request id), for a log collector.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cyscp.observability.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The line per request only where a collector reads them.
    "loggers": {"cyscp.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"}},
}

# Errors reported to Sentry (or a service that speaks its protocol), with no
# personal data (cyscp.observability).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from cyscp.observability import start_sentry

    start_sentry(SENTRY_DSN, env.str("SENTRY_ENVIRONMENT", default=""))
