"""Settings for ceoblog, read from the environment.

Every variable is listed, with its default, in `.env.example` and docs/it.md.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


# An empty value counts as unset, as in a copied .env.example, and keeps the default.
def env_str(name, default=""):
    return os.environ.get(name) or default


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
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_mapping(name, default=""):
    """Read "key=value,key=value" into a dict; a pair without "=" stops the site with a message."""
    mapping = {}
    for pair in env_list(name, default):
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            sys.exit(f"ceoblog: {name} must be a list of name=value pairs, not {pair!r}.")
        mapping[key.strip()] = value.strip()
    return mapping


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

# The folder the site is served under when it is not the host's root ("/ceo-blog"), as a
# WordPress blog in a sub-folder was: addresses ceoblog writes then start with it.
# https://docs.djangoproject.com/en/5.2/ref/settings/#force-script-name
FORCE_SCRIPT_NAME = ("/" + env_str("DJANGO_FORCE_SCRIPT_NAME").strip("/")).rstrip("/") or None

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    # Django's admin and auth, taggit and axes under the names the team reads (ceoblog/apps.py).
    "ceoblog.apps.CeoblogAdminConfig",
    "ceoblog.apps.PeopleConfig",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ceoblog.apps.TagsConfig",
    "ceoblog.apps.SignInAttemptsConfig",
    # Django's own form templates, found by FORM_RENDERER below.
    "django.forms",
    "csp",
    "mozilla_django_oidc",
    "django_prose_editor",
    "reversion",
    "posts",
    "editing",
    "photos",
    "audiovideo",
    # The document library (issue 15): after posts and photos, whose rules it registers into.
    "documents",
    "pagecache",
    "comments",
    "alerts",
    "accounts",
    "wordpress",
    "pages",
    "audit",
    "outbox",
    "checks",
    "approvals",
    # Reads counted once per reader, reach by directorate, the readership page (issue 19).
    "readership",
    # "Thank you" and the other reactions under a post (issue 19).
    "reactions",
    # Workarounds for gaps in Django (hardening/__init__.py); demo content (make run).
    "hardening",
    "demo",
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#login-required-middleware
CEOBLOG_LOGIN_REQUIRED = env_bool("CEOBLOG_LOGIN_REQUIRED", True)

# The header an authenticating reverse proxy puts the signed-in username in, e.g. X-Remote-User.
# It is believed only from the addresses in CEOBLOG_TRUSTED_PROXIES (see accounts/middleware.py).
CEOBLOG_REMOTE_USER_HEADER = env_str("CEOBLOG_REMOTE_USER_HEADER")
CEOBLOG_TRUSTED_PROXIES = env_list("CEOBLOG_TRUSTED_PROXIES")
# Header sign-in makes no accounts and signs in no staff unless these say so (security-identity.md).
CEOBLOG_REMOTE_USER_CREATE = env_bool("CEOBLOG_REMOTE_USER_CREATE", False)
CEOBLOG_REMOTE_USER_ALLOW_STAFF = env_bool("CEOBLOG_REMOTE_USER_ALLOW_STAFF", False)
# A header the same proxy puts the reader's directorate in, saved at each header sign-in
# (readership, issue 19). Unset: directorates come from single sign-on or the admin.
CEOBLOG_REMOTE_USER_DIRECTORATE_HEADER = env_str("CEOBLOG_REMOTE_USER_DIRECTORATE_HEADER")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with far-future caching, before anything that touches the session.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, building the settings' policy once (hardening/middleware.py).
    "hardening.middleware.ContentSecurityPolicyMiddleware",
    "hardening.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the database with a part of the address.
    "hardening.middleware.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Remembers the request so that audit.record() knows who acted and from where.
    "audit.context.AuditContextMiddleware",
    *(
        ["accounts.middleware.TrustedProxyRemoteUserMiddleware"]
        if CEOBLOG_REMOTE_USER_HEADER
        else []
    ),
    *(["django.contrib.auth.middleware.LoginRequiredMiddleware"] if CEOBLOG_LOGIN_REQUIRED else []),
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends idle and over-long sessions, with a message on the sign-in page (accounts/sessions.py).
    "accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hardening.middleware.AdminToFieldMiddleware",
    "hardening.middleware.AdminDateDrillDownMiddleware",
    # After the login check, so that it sees the 404 of every view a signed-in reader reaches.
    "wordpress.middleware.OldAddressMiddleware",
    # A site page answers an address no view does (as flatpages' fallback); after the old
    # addresses' middleware in this list, so it sees a 404 first and a page's own address is
    # never taken for an old one.
    "pages.middleware.PageFallbackMiddleware",
    # It needs the signed-in user and must run after the login check.
    "pagecache.middleware.PageCacheMiddleware",
    # Last, so that it sees the sign-in view's response and can replace it with the lockout page.
    "axes.middleware.AxesMiddleware",
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

# https://docs.djangoproject.com/en/5.2/ref/forms/renderers/#templatessetting : form widgets
# are drawn with the templates above, so templates/admin/widgets/ can repair the admin's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
# https://github.com/jazzband/dj-database-url : unset means an SQLite file in the project.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that costs no round trip (ceoblog/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "ceoblog.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# https://docs.djangoproject.com/en/5.2/ref/settings/#fixture-dirs : the demo content lives
# at the project's top level rather than inside an app.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# --- Cache and sessions ---------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/cache/ : CACHE_URL=redis://host:6379/0 for Redis,
# shared by every app server; unset means memory local to each process.
CACHE_URL = env_str("CACHE_URL", "locmem://")
# A Redis that is down or frozen makes pages slower, never fails them (ceoblog/cachebackend.py):
# each call waits at most this long, then the process leaves Redis alone for a few seconds.
CACHE_TIMEOUT_MS = env_int("CACHE_TIMEOUT_MS", 500)
CACHE_PAUSE_SECONDS = env_int("CACHE_PAUSE_SECONDS", 5)


def cache_from_url(url):
    scheme = url.split(":", 1)[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "ceoblog.cachebackend.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_MS / 1000,
                "socket_timeout": CACHE_TIMEOUT_MS / 1000,
                "pause_after_failure": CACHE_PAUSE_SECONDS,
            },
        }
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
# With Redis, each process also keeps a minute's copies of what it fetched (pagecache/recent.py).
CACHE_IS_SHARED = CACHES["default"]["BACKEND"].endswith("RedisCache")

# https://docs.djangoproject.com/en/5.2/topics/http/sessions/ : sessions live in the database
# only. Not in Redis (cached_db): a Redis restarted from a snapshot would bring back sessions
# signed out since, and a Redis outage would sign everyone out. One query by primary key each,
# written out once (accounts/session_store.py: Django's store, read without building the query).
SESSION_ENGINE = env_str("DJANGO_SESSION_ENGINE", "accounts.session_store")

# Sessions end after this long without a request: readers, and anyone who may open the admin;
# and at the latest this long after signing in (docs/security-identity.md).
CEOBLOG_SESSION_IDLE_MINUTES = env_int("CEOBLOG_SESSION_IDLE_MINUTES", 8 * 60)
CEOBLOG_SESSION_STAFF_IDLE_MINUTES = env_int("CEOBLOG_SESSION_STAFF_IDLE_MINUTES", 60)
CEOBLOG_SESSION_MAX_HOURS = env_int("CEOBLOG_SESSION_MAX_HOURS", 12)
# The cookie and the stored session go with the absolute maximum, not Django's two weeks.
SESSION_COOKIE_AGE = CEOBLOG_SESSION_MAX_HOURS * 3600

# Reader pages cached whole (per-user parts filled per request; see pagecache/). 0 turns it off.
CEOBLOG_PAGE_CACHE_SECONDS = env_int("CEOBLOG_PAGE_CACHE_SECONDS", 3600)
# A page missing from the cache is rendered by one request at a time on every server; others
# asking for it meanwhile wait at most this long for it, then render it themselves
# (pagecache/single_render.py). 0: every request renders.
CEOBLOG_PAGE_RENDER_WAIT_MS = env_int("CEOBLOG_PAGE_RENDER_WAIT_MS", 1000)
# Reads of published posts by signed-in readers, counted once per reader per post (readership/,
# docs/it.md#readership): recorded in Redis by the post page, folded into the database by
# `manage.py readership_fold`. Each reader's reads are kept this many days; daily totals stay.
CEOBLOG_READS_COUNTED = env_bool("CEOBLOG_READS_COUNTED", True)
CEOBLOG_READS_KEPT_DAYS = env_int("CEOBLOG_READS_KEPT_DAYS", 30)
# A day's total is recounted from its reads until its first reads go: one day would lose the
# reads of a day's last minutes, folded after midnight.
if CEOBLOG_READS_KEPT_DAYS < 2:
    sys.exit("ceoblog: CEOBLOG_READS_KEPT_DAYS must be 2 or more.")

# How long the sidebar's "Most read this month" is kept before it is worked out again from the
# daily totals (readership/most_read.py); the fold renews it at once when it calls for it.
CEOBLOG_MOST_READ_SECONDS = env_int("CEOBLOG_MOST_READ_SECONDS", 600)
# The views whose pages are shared by all readers, each with the query parameters it reads: the
# cache key holds only those, so /?x=<random> is the home page and stores no new copy. Each view
# must show per-user parts only through {% per_user %} partials and its CSRF tokens through
# {% csrf_token %}.
_LIST = ("page",)  # ListView's page number, as ?page=2 as well as /page/2/
CEOBLOG_PAGE_CACHE_VIEWS = {
    # "s": an old WordPress search link, redirected to the search page.
    "posts:index": (*_LIST, "s"),
    "posts:tag": _LIST,
    "posts:author": _LIST,
    "posts:archive-year": _LIST,
    "posts:archive-month": _LIST,
    "posts:archive-day": _LIST,
    # ?replyto= is read by the comment section, a per-user part filled for each request.
    "posts:detail": (),
    # Search results and feeds show posts only. Private feeds (alerts:) check their token on
    # every request, so they are left out.
    "posts:search": ("q", *_LIST),
    "posts:feed": (),
    "posts:feed-atom": (),
    "posts:tag-feed": (),
    "posts:tag-feed-atom": (),
    "posts:author-feed": (),
    "posts:author-feed-atom": (),
    "comments:feed": (),
    "comments:feed-atom": (),
}

# --- Authentication -------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#login-url
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "posts:index"
LOGOUT_REDIRECT_URL = "login"

# --- Single sign-on with OpenID Connect (accounts/oidc.py) ------------------------------------
# https://mozilla-django-oidc.readthedocs.io/en/stable/settings.html
# Endpoints come from the provider's discovery document, fetched when first needed.
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_DISCOVERY_URL = env_str("OIDC_DISCOVERY_URL") or (
    f"{OIDC_ISSUER}/.well-known/openid-configuration" if OIDC_ISSUER else ""
)
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
CEOBLOG_OIDC_ENABLED = bool(OIDC_DISCOVERY_URL and OIDC_RP_CLIENT_ID)
OIDC_USE_PKCE = True
# Kept so that signing out can name the session to end at the provider (id_token_hint).
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_CALLBACK_CLASS = "accounts.views.SignInCallbackView"
OIDC_AUTHENTICATE_CLASS = "accounts.views.SignInStartView"
LOGIN_REDIRECT_URL_FAILURE = "login"
# The claim that lists the user's groups, and which provider group gives which ceoblog role.
# "admin" as a role means a full administrator (staff and superuser).
CEOBLOG_OIDC_GROUPS_CLAIM = env_str("CEOBLOG_OIDC_GROUPS_CLAIM", "groups")
CEOBLOG_OIDC_ROLE_MAP = env_mapping("CEOBLOG_OIDC_ROLE_MAP")
# The claim holding the reader's directorate or department (Entra ID: department), saved at each
# sign-on for reach by directorate (readership). Unset: not read from the provider.
CEOBLOG_OIDC_DIRECTORATE_CLAIM = env_str("CEOBLOG_OIDC_DIRECTORATE_CLAIM")
# Whether a first sign-on may take over an existing account: "off", or "verified-email" (the one
# account with that address and no local password). docs/security-identity.md
CEOBLOG_OIDC_LINK_EXISTING = env_choice(
    "CEOBLOG_OIDC_LINK_EXISTING", ("off", "verified-email"), "off"
)

AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while the person or address is locked out (django-axes).
    "accounts.backends.LockoutBackend",
    *(["accounts.backends.OIDCBackend"] if CEOBLOG_OIDC_ENABLED else []),
    # Local accounts: the break-glass administrator and sites without single sign-on (Django's
    # ModelBackend, loading the signed-in user with a query written out once).
    "accounts.backends.PasswordBackend",
    *(["accounts.backends.HeaderBackend"] if CEOBLOG_REMOTE_USER_HEADER else []),
]

# --- Sign-in rate limiting (django-axes) -----------------------------------------------------
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env_int("CEOBLOG_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CEOBLOG_SIGNIN_LOCKOUT_MINUTES", 15))
# Lock the pair, so a guesser at one desk cannot lock a colleague out from everywhere; an address
# that fails this often, whatever the usernames, is locked too (accounts/lockout.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
CEOBLOG_SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("CEOBLOG_SIGNIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "accounts.lockout.LockoutHandler"
# The real client's address behind CEOBLOG_TRUSTED_PROXIES, not the proxy's.
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_USERNAME_CALLABLE = "accounts.lockout.signin_username"
AXES_RESET_ON_SUCCESS = True
# Keep a record of each failed sign-in for the admin, not only the running count.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Local accounts only (single sign-on has no password here); ASVS 2.1.1 asks for 12.
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("CEOBLOG_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Security headers and HTTPS ---------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
CEOBLOG_HTTPS = env_bool("CEOBLOG_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if CEOBLOG_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("CEOBLOG_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CEOBLOG_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("CEOBLOG_HSTS_PRELOAD", True)
# Behind a proxy that ends TLS, the header it sets to say the original request was HTTPS.
# Only set this when the proxy always overwrites that header: clients could otherwise forge it.
if env_str("CEOBLOG_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + env_str("CEOBLOG_PROXY_SSL_HEADER").upper().replace("-", "_"),
        "https",
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- Embedded players (issue 15, docs/it.md) -----------------------------------------------------
# The hosts whose players a post may embed (an <iframe> of an https address on one of them); any
# other iframe is removed when a post is saved (posts/sanitize.py, posts/embeds.py), and the
# Content-Security-Policy's frame-src below is built from the same list. YouTube addresses pasted
# in the editor become www.youtube-nocookie.com ones, Vimeo's player.vimeo.com ones.
CEOBLOG_EMBED_HOSTS = [
    host.lower()
    for host in env_list("CEOBLOG_EMBED_HOSTS", "www.youtube-nocookie.com,player.vimeo.com")
]

# https://django-csp.readthedocs.io/en/latest/configuration.html
# Our pages need no inline script or style, so none is allowed: injected markup cannot run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", *env_list("CEOBLOG_CSP_FORM_ACTION")],
        "frame-ancestors": ["'none'"],
        # Embedded players (issue 15): only the hosts of CEOBLOG_EMBED_HOSTS, above.
        "frame-src": [f"https://{host}" for host in CEOBLOG_EMBED_HOSTS] or ["'none'"],
    }
}
# The body editor's extra extensions (static/admin-extras/editor-extensions.js): one keeps the
# editor's own styles in a static file instead of a <style> element the policy above refuses,
# one names the editable area after its label, one tells screen readers which menu buttons
# cannot be used yet.
# https://django-prose-editor.readthedocs.io/en/latest/custom_extensions.html
# They add no markup, so they give the editor's own sanitiser nothing to allow (posts.sanitize
# cleans bodies anyway).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin-extras/editor-extensions.js")],
        "extensions": {
            "StylesFromStaticFile": lambda config, allowlist: None,
            "LabelledByField": lambda config, allowlist: None,
            "MenuButtonStates": lambda config, allowlist: None,
        },
    },
    # The body editor's photo upload and credit (photos/static/photos/editor-photos.js).
    # What they make is also allowed by posts/sanitize.py, which cleans every body when saved.
    {
        "js": [static_lazy("photos/editor-photos.js")],
        "extensions": {
            "PhotoFigure": html_tags(["figure", "figcaption", "img"]),
            "PhotoCredit": html_tags(["small"]),
        },
    },
    # The body editor's video and audio players (audiovideo/static/audiovideo/editor-players.js);
    # posts/sanitize.py keeps exactly what they make (PLAYER_TAGS).
    {
        "js": [static_lazy("audiovideo/editor-players.js")],
        "extensions": {
            "MediaPlayer": html_tags(
                [
                    "figure",
                    "figcaption",
                    "video",
                    "audio",
                    "track",
                    "details",
                    "summary",
                    "p",
                    "br",
                ],
                {
                    "video": ["src", "poster", "width", "height", "controls", "preload"],
                    "audio": ["src", "controls", "preload"],
                    "track": ["src", "kind", "srclang", "label", "default"],
                },
            ),
        },
    },
    # Issue 15: the document link (documents/static/documents/editor-documents.js) and embedded
    # players (static/admin-extras/editor-embeds.js). posts/sanitize.py keeps what they make.
    {
        "js": [static_lazy("documents/editor-documents.js")],
        "extensions": {"DocumentLink": html_tags(["p", "a", "img"], {"p": ["class"]})},
    },
    {
        "js": [static_lazy("admin-extras/editor-embeds.js")],
        "extensions": {"Embed": html_tags(["iframe"], {"iframe": ["src", "title"]})},
    },
]
# Browser features the blog never uses, switched off on every page (hardening/middleware.py).
CEOBLOG_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Request size limits: https://docs.djangoproject.com/en/5.2/ref/settings/#data-upload-max-memory-size
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("CEOBLOG_MAX_REQUEST_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("CEOBLOG_MAX_UPLOAD_IN_MEMORY_BYTES", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- Internationalisation -------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/timezones/
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# One date and time format everywhere in the admin, "16 May 2013, 10:15" (ceoblog/formats/).
# https://docs.djangoproject.com/en/5.2/ref/settings/#format-module-path
FORMAT_MODULE_PATH = ["ceoblog.formats"]

# --- Static and media files -----------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/static-files/
# Written out with the folder the site is served under, if any: Django adds it to a relative
# one only when first read during a request, which a page may not be.
STATIC_URL = (FORCE_SCRIPT_NAME or "") + "/static/"
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
MEDIA_URL = (FORCE_SCRIPT_NAME or "") + "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media files are served through accounts.views.media_file, which checks sign-in. Set this to an
# nginx `internal` location (e.g. /protected-media/) to let nginx send the file instead.
CEOBLOG_MEDIA_ACCEL_REDIRECT = env_str("CEOBLOG_MEDIA_ACCEL_REDIRECT")

# --- The blog -------------------------------------------------------------------------------
CEOBLOG_TITLE = env_str("CEOBLOG_TITLE", "From the Chief Executive")
CEOBLOG_TAGLINE = env_str("CEOBLOG_TAGLINE", "News and thanks from across the council, every week")
CEOBLOG_POSTS_PER_PAGE = env_int("CEOBLOG_POSTS_PER_PAGE", 10)
# "Thanks" and "thanks" are one tag: a tag typed in any case joins the existing one.
# https://django-taggit.readthedocs.io/en/latest/getting_started.html#settings
TAGGIT_CASE_INSENSITIVE = True

# --- Autosave and who else is editing (editing/, docs/autosave.md) -----------------------------
# How often the post form autosaves while something has changed, and how often an open form tells
# the server it is still open (others drop off after three missed heartbeats).
CEOBLOG_AUTOSAVE_SECONDS = env_int("CEOBLOG_AUTOSAVE_SECONDS", 20)
CEOBLOG_EDITING_HEARTBEAT_SECONDS = env_int("CEOBLOG_EDITING_HEARTBEAT_SECONDS", 30)
# Autosaves nobody came back to are deleted after this many days (on each autosave, and by
# `manage.py delete_old_autosaves`).
CEOBLOG_AUTOSAVE_KEEP_DAYS = env_int("CEOBLOG_AUTOSAVE_KEEP_DAYS", 30)
# The largest autosave accepted; a longer one is refused with 413 and the form still saves it.
CEOBLOG_AUTOSAVE_MAX_BYTES = env_int("CEOBLOG_AUTOSAVE_MAX_BYTES", 1_000_000)

# --- Photos (docs/photos.md) -----------------------------------------------------------------
# The largest photo file accepted, in MB, and the long side, in pixels, that bigger photos are
# scaled down to when uploaded (a 48-megapixel phone photo is 8,064 pixels wide).
CEOBLOG_PHOTO_MAX_MB = env_int("CEOBLOG_PHOTO_MAX_MB", 50)
CEOBLOG_PHOTO_LONG_SIDE = env_int("CEOBLOG_PHOTO_LONG_SIDE", 4000)
# The largest video or audio file the library takes, in megabytes (audiovideo; nginx's
# client_max_body_size for /admin/audiovideo/ must allow it too: deploy/nginx.conf).
CEOBLOG_MEDIA_MAX_MB = env_int("CEOBLOG_MEDIA_MAX_MB", 500)

# --- Documents (issue 15, docs/it.md) -----------------------------------------------------------
# The largest document (PDF, Office, OpenDocument, CSV) accepted, in MB. nginx's
# client_max_body_size (deploy/nginx.conf) must stay a little above it and the photo limit.
CEOBLOG_DOCUMENT_MAX_MB = env_int("CEOBLOG_DOCUMENT_MAX_MB", 50)

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
# Who is told of each new comment (issue 19, docs/it.md): empty means the post's author; an
# address, such as the communications team's shared mailbox, replaces the author.
CEOBLOG_COMMENTS_MAILBOX = env_str("CEOBLOG_COMMENTS_MAILBOX")

# --- Finding and following posts (issue 6) -------------------------------------------------
# The site's address, e.g. https://ceoblog.intranet.example, for complete links in emails, feeds,
# the sitemap and Open Graph tags; empty: pages and feeds use the address the reader asked for.
CEOBLOG_SITE_URL = env_str("CEOBLOG_SITE_URL").rstrip("/")

# --- Approval (issue 14, docs/approval.md) ----------------------------------------------------
# true (default): a post is published or scheduled only once an approver has approved its
# current title, text, excerpt and photos. false: the Communications team publishes at once.
CEOBLOG_APPROVAL_REQUIRED = env_bool("CEOBLOG_APPROVAL_REQUIRED", True)
# The day weekly digests go out, 0 = Monday to 6 = Sunday, in TIME_ZONE.
CEOBLOG_ALERTS_DIGEST_WEEKDAY = env_int("CEOBLOG_ALERTS_DIGEST_WEEKDAY", 0)
if not 0 <= CEOBLOG_ALERTS_DIGEST_WEEKDAY <= 6:
    sys.exit("ceoblog: CEOBLOG_ALERTS_DIGEST_WEEKDAY must be 0 (Monday) to 6 (Sunday).")

# --- The readership page (issue 19, docs/communications.md#readership) -------------------------
# Any directorate with fewer readers of a post than this shows as "fewer than N", never a number.
CEOBLOG_READERSHIP_MIN_GROUP = env_int("CEOBLOG_READERSHIP_MIN_GROUP", 10)
if CEOBLOG_READERSHIP_MIN_GROUP < 2:
    sys.exit("ceoblog: CEOBLOG_READERSHIP_MIN_GROUP must be 2 or more.")
# "Active staff", for a post's share of them: active accounts signed in within this many days.
CEOBLOG_READERSHIP_ACTIVE_DAYS = env_int("CEOBLOG_READERSHIP_ACTIVE_DAYS", 90)

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
# Seconds to wait for the mail server; mail is sent by a command, never in a request.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
