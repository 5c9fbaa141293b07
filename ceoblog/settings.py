"""Settings for ceoblog, read from the environment.

Every variable is listed, with its default, in `.env.example` and the README.
"""

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        sys.exit(f"ceoblog: {name} must be a whole number, not {value!r}.")


def env_choice(name, choices, default):
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        sys.exit(f"ceoblog: {name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env_bool("DJANGO_DEBUG", False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        # A one-line refusal rather than a traceback: this is an operator's mistake, not a bug.
        sys.exit("ceoblog: set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for development) to start.")
    # The prefix makes `manage.py check --deploy` flag this key if it ever reaches production.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "reversion",
    "posts",
    "photos",
    "pagecache",
    "comments",
    "alerts",
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#login-required-middleware
CEOBLOG_LOGIN_REQUIRED = env_bool("CEOBLOG_LOGIN_REQUIRED", True)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with far-future caching, before anything that touches the session.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    *(["django.contrib.auth.middleware.LoginRequiredMiddleware"] if CEOBLOG_LOGIN_REQUIRED else []),
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it needs the signed-in user and must run after the login check.
    "pagecache.middleware.PageCacheMiddleware",
]

ROOT_URLCONF = "ceoblog.urls"
WSGI_APPLICATION = "ceoblog.wsgi.application"

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
                "ceoblog.context_processors.blog",
                "pagecache.context_processors.shared_csrf",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# https://github.com/jazzband/dj-database-url : unset means an SQLite file in the project.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# https://docs.djangoproject.com/en/5.2/ref/settings/#fixture-dirs : the demo content lives
# at the project's top level rather than inside an app.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# --- Cache and sessions ---------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/cache/ : CACHE_URL=redis://host:6379/0 for Redis,
# shared by every app server; unset means memory local to each process.
CACHE_URL = env_str("CACHE_URL", "locmem://")


def cache_from_url(url):
    scheme = url.split(":", 1)[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    sys.exit(
        f"ceoblog: CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, "
        f"not {url!r}."
    )


CACHES = {
    "default": {**cache_from_url(CACHE_URL), "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ceoblog")}
}
CACHE_IS_SHARED = CACHES["default"]["BACKEND"].endswith("RedisCache")

# https://docs.djangoproject.com/en/5.2/topics/http/sessions/ : sessions are read from a shared
# cache when there is one; a per-process cache would keep a signed-out session alive elsewhere.
SESSION_ENGINE = env_str(
    "DJANGO_SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db"
    if CACHE_IS_SHARED
    else "django.contrib.sessions.backends.db",
)

# Reader pages cached whole (per-user parts filled per request; see pagecache/). 0 turns it off.
CEOBLOG_PAGE_CACHE_SECONDS = env_int("CEOBLOG_PAGE_CACHE_SECONDS", 3600)
# The views whose pages are shared by all readers. Each must show per-user parts only through
# {% per_user %} partials and its CSRF tokens through {% csrf_token %}.
CEOBLOG_PAGE_CACHE_VIEWS = [
    "posts:index",
    "posts:tag",
    "posts:author",
    "posts:archive-year",
    "posts:archive-month",
    "posts:archive-day",
    "posts:detail",
]

# --- Authentication -------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#login-url
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "posts:index"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/timezones/
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/static-files/
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# https://whitenoise.readthedocs.io/ : compressed files with hashed names, cached for a year.
# The manifest needs `collectstatic`, so development and tests keep the plain storage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded media: the MEDIA_ROOT folder (on several servers, one shared mount), or S3-compatible
# object storage through django-storages (pip install '.[s3]'; boto3 reads AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY itself). https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local").strip().lower()
if STORAGE_BACKEND == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        sys.exit("ceoblog: STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "location": env_str("AWS_LOCATION", "media"),
            # Private objects, reached through short-lived signed links.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "local":
    sys.exit(f"ceoblog: STORAGE_BACKEND must be local or s3, not {STORAGE_BACKEND!r}.")

# In development whitenoise serves straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# --- The blog -------------------------------------------------------------------------------
CEOBLOG_TITLE = env_str("CEOBLOG_TITLE", "From the Chief Executive")
CEOBLOG_TAGLINE = env_str("CEOBLOG_TAGLINE", "News and thanks from across the council, every week")
CEOBLOG_POSTS_PER_PAGE = env_int("CEOBLOG_POSTS_PER_PAGE", 10)

# --- Comments (issue 3) ----------------------------------------------------------------------
# "none" publishes at once, "all" holds every comment, "first" holds a person's comments until
# one of theirs has been approved: staff are signed in, so one check per person is enough.
CEOBLOG_COMMENT_MODERATION = env_choice(
    "CEOBLOG_COMMENT_MODERATION", ("none", "all", "first"), "first"
)
# Comments one person may post in a minute before being asked to wait; 0 means no limit.
CEOBLOG_COMMENTS_PER_MINUTE = env_int("CEOBLOG_COMMENTS_PER_MINUTE", 5)
# Close comments on posts published more than this many days ago; 0 means never.
CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS = env_int("CEOBLOG_CLOSE_COMMENTS_AFTER_DAYS", 0)
# Who is emailed when a comment is held; empty means the members of the Moderators group.
CEOBLOG_MODERATOR_EMAILS = env_list("CEOBLOG_MODERATOR_EMAILS")

# --- Finding and following posts (issue 6) -------------------------------------------------
# The site's address, e.g. https://ceoblog.intranet.example, for complete links in emails, feeds,
# the sitemap and Open Graph tags; empty: pages and feeds use the address the reader asked for.
CEOBLOG_SITE_URL = env_str("CEOBLOG_SITE_URL").rstrip("/")
# The day weekly digests go out, 0 = Monday to 6 = Sunday, in TIME_ZONE.
CEOBLOG_ALERTS_DIGEST_WEEKDAY = env_int("CEOBLOG_ALERTS_DIGEST_WEEKDAY", 0)
if not 0 <= CEOBLOG_ALERTS_DIGEST_WEEKDAY <= 6:
    sys.exit("ceoblog: CEOBLOG_ALERTS_DIGEST_WEEKDAY must be 0 (Monday) to 6 (Sunday).")

# --- Email ----------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/email/ : development prints emails to the console.
# An empty value counts as unset, so a copied .env.example keeps the defaults.
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "ceoblog@localhost"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
