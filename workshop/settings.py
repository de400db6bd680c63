"""One settings module, driven by the environment (12-factor).

Development defaults (SQLite, eager Celery, console mail, a dev secret, a local SITE_URL)
apply only while DEBUG is on; with DEBUG off a missing SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL, REDIS_URL, mail server (EMAIL_URL or EMAIL_HOST) or SITE_URL stops start-up
with a sentence naming it, so production fails closed.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from workshop.queues import queue_names, task_routes
from workshop.storages import default_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
DEBUG = env.bool("DEBUG", default=False)


def _required(name: str, dev_default: str, *, also: str = "") -> str:
    """The variable's value; in development its default; in production a refusal to start.
    `also` names another variable that can stand in for it (the refusal names both)."""
    value = env.str(name, default="") or (env.str(also, default="") if also else "")
    if value:
        return value
    if DEBUG:
        return dev_default
    named = f"{name} (or {also})" if also else name
    raise ImproperlyConfigured(f"{named} must be set when DEBUG is off.")


SECRET_KEY = _required("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "allauth",
    "allauth.account",
    "people",
    "workshop",
    "submissions",
    "reviews",
    "schedule",
    # The demo data (`manage.py loaddemo`): above every app, imported by none.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: every page gets the policy, cached ones included.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The latest released schedule from the cache, as cheaply as a static file.
    "schedule.middleware.PublishedScheduleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a multipart body (the CSRF check does): a cut-off one is refused.
    "workshop.bodies.complete_multipart_bodies",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "workshop.urls"
WSGI_APPLICATION = "workshop.wsgi.application"
SITE_ID = 1

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url_config(_required("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker, result backend and the cache -------------------------------------
# In development without it, tasks run inside the request and the cache is in memory.
REDIS_URL = _required("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Pages and uploads carry on without Redis: a miss, not an error (workshop/cache.py).
            "BACKEND": "workshop.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_PREFIX", "ws"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker there is nobody to run tasks: run them in the request instead.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = "UTC"
# A request that queues mail must not hang when the broker is down: fail fast, the row waits.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# --- Celery queues: mail apart from compute (workshop/queues.py) -----------------------------
# Mail workers (`-Q mail`) and compute workers (`-Q compute`) scale apart; a prefix names one
# deployment's (or one test's) queues on a shared Redis. Unrouted tasks go to compute.
_QUEUE_PREFIX = env.str("CELERY_QUEUE_PREFIX", default="")
CELERY_TASK_ROUTES = task_routes(_QUEUE_PREFIX)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default=queue_names(_QUEUE_PREFIX)[1])
# Nobody waits for a task's result (progress and outcomes live on rows). Stored results would
# also make every publishing process subscribe to a Redis channel per task, for ever: slow
# (23 ms a mail in bench/mail_volume.py) and a leak in long-lived web processes.
CELERY_TASK_IGNORE_RESULT = True
# --- end of Celery queues -------------------------------------------------------------------
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-emails": {"task": "workshop.requeue_stale_emails", "schedule": 300.0},
    # Hourly; each reminder (3 days and 1 day before a review deadline, once after) is sent
    # at most once thanks to its idempotency key.
    "review-reminders": {"task": "reviews.send_review_reminders", "schedule": 3600.0},
    # New discussion comments, batched: at most one mail per participant every ten minutes.
    "discussion-digests": {"task": "reviews.send_discussion_digests", "schedule": 600.0},
}

# --- Mail -----------------------------------------------------------------------------------
# EMAIL_URL (e.g. smtp://user:pass@mailpit:1025, smtp+tls://…, consolemail://) wins; otherwise
# host/port/…; in development without either, mail is printed to the console.
_required("EMAIL_URL", "", also="EMAIL_HOST")
if env.str("EMAIL_URL", default=""):
    _mail = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
    EMAIL_HOST = _mail["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _mail["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _mail["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _mail["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = bool(_mail.get("EMAIL_USE_TLS", False))
    EMAIL_USE_SSL = bool(_mail.get("EMAIL_USE_SSL", False))
    EMAIL_FILE_PATH = _mail["EMAIL_FILE_PATH"] or None  # filemail:///path
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Workshop <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) --------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "workshop.accounts.OutboxAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "people.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Rate limits for accounts (allauth) and failed logins (people.login_throttle) -----------
# On in development and tests too, so that the tests see what production does. Everything
# is counted per client address, never per account: a per-account count of wrong passwords
# (allauth's default "login_failed") would let anyone lock an owner out by their address.
# people.login_throttle slows wrong passwords down per address with a growing wait instead.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": None,
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Behind a reverse proxy set TRUSTED_PROXY_COUNT (usually 1): the client's address is then
# read from X-Forwarded-For; otherwise every visitor would share the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["workshop.api_permissions.RulesPermission"],
    # JSON only, whatever the Accept header says: every answer, errors included, is JSON.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "workshop.api_negotiation.JsonWhenUnacceptable",
    # Adds the statuses an operation can answer from its classes (401, 403, 404, 415 …).
    "DEFAULT_SCHEMA_CLASS": "workshop.api_schema.WorkshopAutoSchema",
    "EXCEPTION_HANDLER": "workshop.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Workshop API",
    "DESCRIPTION": "Workshops, submissions and the released program.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # What Django's path converters really match; anything else reaches no route (a 404).
    "PATH_CONVERTER_OVERRIDES": {
        "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        "int": {"type": "integer", "minimum": 0},
    },
    # Swagger UI from our own static files (drf-spectacular-sidecar), not a CDN: the CSP
    # allows scripts from 'self' only, and the site needs no network to show its docs.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development (and tests) whitenoise serves straight from the source folders.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    # --- Uploaded papers: local files, or S3-compatible object storage (workshop/storages.py)
    "default": default_storage(env),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded papers are private: MEDIA_ROOT is never served by URL, views stream files instead.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media-is-not-served/"
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Time and language ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
# The site's own words for third-party texts (allauth's "Sign In" reads "Log in" here).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Security -------------------------------------------------------------------------------
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 (it then trusts X-Forwarded-Proto).
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Cookies (hardening) --------------------------------------------------------------------
# Secure in production (above); no script reads either cookie (forms and bids.js carry the
# CSRF token from the page); Lax keeps them off cross-site POSTs while a link in a mail
# still opens the page logged in.
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# --- Content-Security-Policy (django-csp) ---------------------------------------------------
# No inline script or style anywhere: scripts and stylesheets are files under static/
# (Swagger UI's come from drf-spectacular-sidecar), data for scripts travels as json_script
# (type=application/json, never executed). data: images are the SVG icons inside Swagger
# UI's stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pypdf": {"level": "ERROR"},
        # Eager tasks run inside requests; one "succeeded" line per email is noise there.
        "celery.app.trace": {"level": "INFO" if not CELERY_TASK_ALWAYS_EAGER else "WARNING"},
    },
}

# Absolute base URL used in emails and feeds (no trailing slash).
SITE_URL = _required("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
MAIL_RETRY_BASE_SECONDS = env.float("MAIL_RETRY_BASE_SECONDS", default=30.0)
