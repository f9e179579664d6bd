"""Security: staff sign-in, the trusted proxies, HTTPS and its cookies,
response headers and the Content Security Policy."""

from vpcp_portal.env import env

from .base import DEBUG
from .media import MEDIA_ORIGIN

# Staff sign-in (the staff app, docs/staff-accounts.md). Failed guesses are
# counted in the cache per network (an IPv4 /24, an IPv6 /64), per username
# and in all; past the free failures the sign-in form asks for a captcha. No
# account is ever locked, so an attacker cannot lock an approver out.
STAFF_SIGNIN_FREE_FAILURES = env.int("STAFF_SIGNIN_FREE_FAILURES", default=5)
STAFF_SIGNIN_FREE_FAILURES_IN_ALL = 20 * STAFF_SIGNIN_FREE_FAILURES
STAFF_SIGNIN_WINDOW_SECONDS = 15 * 60
# Sign-in log rows older than this many days are deleted as new ones come.
STAFF_SIGNIN_LOG_DAYS = env.int("STAFF_SIGNIN_LOG_DAYS", default=90)
# Publishing or taking down asks for a fresh second-factor code when the last
# one is older than this.
STAFF_REAUTH_MINUTES = env.int("STAFF_REAUTH_MINUTES", default=30)
# Wrong second-factor codes ask for a captcha past the free failures, like
# passwords; django-otp's own per-device delays (doubling with every failure)
# would let whoever has the password lock the owner out, so they are off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The issuer the authenticator app shows next to the account.
OTP_TOTP_ISSUER = "VPCP Cổng thông tin"
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
        # Media in object storage come from its origin (settings/media.py).
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
