"""System checks of the project's own settings."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """The desk's e-mails link to the admin with SITE_URL: without it a link
    is a bare path that no mail client opens."""
    url = getattr(settings, "SITE_URL", "")
    if not url:
        return [
            checks.Warning(
                "SITE_URL is not set: links in e-mails are bare paths.",
                hint="Set SITE_URL to the portal's public address, e.g. https://vpcp.gov.vn.",
                id="core.W001",
            )
        ]
    if not url.startswith(("https://", "http://")):
        return [
            checks.Warning(
                f"SITE_URL must start with https:// (got {url!r}).",
                id="core.W002",
            )
        ]
    return []
