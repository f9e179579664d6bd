"""Settings for vpcp_portal, read from environment variables (12-factor).

See README.md for every variable. Without DATABASE_URL the portal runs on an
embedded SQLite file; PostgreSQL is the production and test database.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from vpcp_portal.env import BASE_DIR, env, env_list

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_prose_editor",
    "captcha",
    "csp",
    "axes",
    "simple_history",
    "vpcp_portal",
    "articles",
    "ratings",
]

MIDDLEWARE = [
    "vpcp_portal.middleware.RequestLogMiddleware",
    "vpcp_portal.health.LivenessProbeMiddleware",  # answers /healthz itself
    # Cached public pages are answered here, complete with the headers the
    # layers below added when they were rendered; everything below is skipped.
    "articles.page_cache.CachedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "vpcp_portal.csp.PortalCSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Bodies over the limits and broken ones: 400 before the CSRF check reads them.
    "vpcp_portal.guards.RequestBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Revisions record who saved them (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "vpcp_portal.guards.AdminQueryMiddleware",
    "vpcp_portal.middleware.DatabaseUnavailableMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "vpcp_portal.urls"
WSGI_APPLICATION = "vpcp_portal.wsgi.application"

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
                "articles.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DJANGO_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["vpcp_portal.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Let Django serve uploaded media (make serve on one machine); production
# leaves this off and serves media from nginx or object storage.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=False)

# Content-hashed, compressed static files in production; plain files while
# developing and testing, where no collectstatic has run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads: the lead image is the only file staff upload.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
LEAD_IMAGE_MAX_BYTES = env.int("LEAD_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
LEAD_IMAGE_MAX_PIXELS = env.int("LEAD_IMAGE_MAX_PIXELS", default=40_000_000)

SITE_NAME = "Cổng Thông tin điện tử Văn phòng Chính phủ"
SITE_SHORT_NAME = "VPCP"

CAPTCHA_IMAGE_SIZE = (160, 50)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_LENGTH = 5
# Letters with a clear Vietnamese name only, so the audio captcha can read them.
CAPTCHA_CHALLENGE_FUNCT = "ratings.captcha.challenge"
CAPTCHA_TIMEOUT = 5  # minutes

LOGIN_URL = "admin:login"
# After signing in with a missing or off-site ?next=, land on the admin, not on
# Django's default /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"
# CSRF refusals in Vietnamese, as JSON on the API (vpcp_portal/errors.py).
CSRF_FAILURE_VIEW = "vpcp_portal.errors.csrf_failure"

# Workflow e-mails (articles/notifications.py): printed on the console while
# developing, sent over SMTP in production.
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="cong-thong-tin@localhost")

# Messages live in a signed cookie, not the session: a public page that shows
# no message then touches no session and stays cacheable (no "Vary: Cookie").
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Cache: Redis when REDIS_URL is set (shared by every app server: page cache,
# rate limits, login lock-outs), local memory otherwise (one process only).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "vpcp_portal.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="vpcp"),
            # A slow or unreachable Redis must cost a request a second, not hang it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Lock-outs counted per process are still useful in development; production
    # sets REDIS_URL so they hold across workers.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# Rendered pages are kept in each process's memory ("pages"), under keys that
# carry the page generation read from the shared cache on every request: a
# bump on any server invalidates the pages of all servers at once, and a hit
# costs one Redis round trip instead of three.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "vpcp-pages",
    "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=1000)},
}
# Seconds a public page is kept at most; publishing, editing or unpublishing
# anything invalidates all pages at once, and a scheduled article's time
# shortens the timeout (articles/page_cache.py). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Template fragments that change only on publish (list blocks, menus), kept
# per process under the same generation; also while the page cache is off.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "vpcp-fragments",
    "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=1000)},
}
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=3600)
# Seconds a stale page is kept to be served while one request renders its
# successor (after a publish or its timeout), instead of every request at once.
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=60)

# Admin login brute-force protection (django-axes), counted in the cache so the
# lock-out holds across app servers and no address is written to the database.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_CLIENT_IP_CALLABLE = "vpcp_portal.client_ip.client_ip"
# How many reverse proxies stand in front of the app; their X-Forwarded-For
# entries are trusted, nothing else is. 0: the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Security headers. HTTPS settings follow DJANGO_HTTPS (on unless debugging).
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env.bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^readyz$"]  # /healthz is answered before SecurityMiddleware
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Only the site's own scripts, styles, images and fonts; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One JSON line per request and per error on stdout, for a log shipper.
LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC with its offset: asctime wrote Hanoi time with no
            # zone, which a log system reads as UTC, seven hours off.
            "timestamp": "time",
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Requests are logged once by vpcp.request; django.request would repeat
        # every 4xx as a warning.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Đọc nhiều (articles/reads.py): reads reported by the article page's beacon
# wait in Redis and are folded into PostgreSQL by the first beacon after every
# READS_FOLD_SECONDS (no cron); a Redis restart loses at most that batch.
READS_FOLD_SECONDS = env.int("READS_FOLD_SECONDS", default=60)
# Most read = reads of the last READS_MOST_READ_HOURS: 24 (a day) or 168 (a week).
READS_MOST_READ_HOURS = env.int("READS_MOST_READ_HOURS", default=24)
# Reads of one article counted from one address a day (offices share one address).
READS_MAX_PER_ADDRESS_PER_DAY = env.int("READS_MAX_PER_ADDRESS_PER_DAY", default=50)
READS_KEY_PREFIX = f"{env.str('CACHE_KEY_PREFIX', default='vpcp')}:reads"
