"""Full URLs outside a request (e-mails, commands)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (starting with "/") under the portal's public address
    (SITE_URL); the bare path when SITE_URL is not set (check --deploy
    warns of it)."""
    return f"{settings.SITE_URL}{path}"
