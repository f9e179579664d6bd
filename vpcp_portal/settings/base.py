"""The portal's core settings: debug and secret key, apps and middleware,
database, language and time zone, files, captcha and e-mail.

Without DATABASE_URL the portal runs on an embedded SQLite file; PostgreSQL is
the production and test database.
"""

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "core",
    "pagecache",
    "staff",
    "articles",
    "ratings",
    "readcounts",  # after articles: its admin extends the article admin
]

MIDDLEWARE = [
    # Times every request, answers from the page cache included (core/metrics.py).
    "core.metrics.RequestMetricsMiddleware",
    "core.middleware.RequestLogMiddleware",
    "core.health.LivenessProbeMiddleware",  # answers /healthz itself
    "core.scrape.MetricsEndpointMiddleware",  # answers /metrics to the scraper only
    # Bodies over PUBLIC_REQUEST_MAX_BYTES (STAFF_REQUEST_MAX_BYTES in the admin,
    # signed in): 413 from their length, before anything reads them.
    "core.body_limit.BodyLimitMiddleware",
    # Cached public pages are answered here, complete with the headers the
    # layers below added when they were rendered; everything below is skipped.
    "pagecache.middleware.CachedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.csp.PortalCSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Bodies over the limits and broken ones: 400 before the CSRF check reads them.
    "core.guards.RequestBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The 404 of a page or feed asked for by an old slug becomes a 301.
    "articles.moved.OldSlugRedirectMiddleware",
    # An empty 405 from a view's method decorator gets a Vietnamese answer.
    "core.errors.MethodNotAllowedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Revisions record who saved them (django-simple-history).
    "django_otp.middleware.OTPMiddleware",
    # Staff who set up a second factor give its code before the admin opens.
    "staff.middleware.SecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.guards.AdminQueryMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
]

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

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
        # Behind PgBouncer in transaction mode a cursor does not outlive its
        # transaction's server connection: Django must not declare any.
        "DISABLE_SERVER_SIDE_CURSORS": env.bool(
            "DJANGO_DISABLE_SERVER_SIDE_CURSORS", default=False
        ),
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
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads: the lead image is the only file staff upload.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
# Request bodies (core/body_limit.py): every public endpoint and the sign-in
# form take small ones; staff signed in to the admin send forms with images.
PUBLIC_REQUEST_MAX_BYTES = env.int("PUBLIC_REQUEST_MAX_BYTES", default=16 * 1024)
STAFF_REQUEST_MAX_BYTES = env.int("STAFF_REQUEST_MAX_BYTES", default=12 * 1024 * 1024)
LEAD_IMAGE_MAX_BYTES = env.int("LEAD_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
LEAD_IMAGE_MAX_PIXELS = env.int("LEAD_IMAGE_MAX_PIXELS", default=40_000_000)

SITE_NAME = "Cổng Thông tin điện tử Văn phòng Chính phủ"
# The public address, for full URLs built outside a request (the desk's
# e-mails); `check --deploy` warns when production leaves it out.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
SITE_SHORT_NAME = "VPCP"
# The portal's name on its English page (title, top strip).
SITE_NAME_EN = "Online Portal of the Government Office of Viet Nam"
# What a state agency's portal must say about itself, in the footer and the
# top strip: the managing agency, who answers for the content, the licence,
# and how to reach the newsroom. Each office deploying the portal sets its own.
SITE_DETAILS = {
    "agency": env.str("SITE_AGENCY", default="Văn phòng Chính phủ"),
    "address": env.str("SITE_ADDRESS", default="16 Lê Hồng Phong, Ba Đình, Hà Nội"),
    "responsible": env.str(
        "SITE_CONTENT_RESPONSIBLE", default="Tổng Biên tập Cổng Thông tin điện tử"
    ),
    "licence": env.str(
        "SITE_LICENCE", default="Giấy phép số 000/GP-TTĐT do Bộ Thông tin và Truyền thông cấp"
    ),
    "phone": env.str("SITE_PHONE", default="080 43162"),
    "hotline": env.str("SITE_HOTLINE", default="080 43162"),
    "email": env.str("SITE_EMAIL", default="thongtinchinhphu@chinhphu.vn"),
}

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
# CSRF refusals in Vietnamese, as JSON on the API (core/errors.py).
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

# Workflow e-mails (articles/workflow/notifications.py): printed on the console while
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
# Dated: a replayed cookie cannot bypass the page cache for long (pagecache/messages.py).
MESSAGE_STORAGE = "pagecache.messages.DatedCookieStorage"
