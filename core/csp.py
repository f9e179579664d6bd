"""Content-Security-Policy: the site's own files only, no inline script.

Public pages carry the portal's stylesheet inline (core.stylesheet):
that one `<style>` element is allowed by its hash.

One exception, for the admin's rich-text editor: django-prose-editor needs an
inline `<script type="importmap">`. Its content is fixed for a deployment
(static URLs only), so its hash is allowed on admin pages, not `unsafe-inline`;
inline styles are allowed there too (the editor sets style attributes).
"""

import base64
import hashlib
import re
from dataclasses import asdict
from functools import cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

from core.stylesheet import csp_hash

# What a view or decorator can set to change one response's policy.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
# The header of public responses, built once per stylesheet hash.
_public_policies: dict[str, str] = {}


@receiver(setting_changed)
def _forget_policies(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _public_policies.clear()


@cache
def _editor_importmap_hash():
    from django_prose_editor.widgets import importmap

    content = re.fullmatch(r"<script[^>]*>(.*)</script>", str(importmap), re.S).group(1)
    digest = hashlib.sha256(content.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@cache
def _admin_prefix():
    return reverse("admin:index")


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy of public responses built
    once: the library builds it (and an empty report-only one) on every
    response, a fifth of what the cheapest request cost. Admin pages,
    responses a view changed the policy of, pages that used a nonce and debug
    pages take the library's way."""

    def process_response(self, request, response):
        if (
            settings.DEBUG  # the library leaves Django's debug pages alone
            or getattr(request, "_csp_nonce", None) is not None
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or any(hasattr(response, name) for name in _PER_RESPONSE)
            or request.path.startswith(_admin_prefix())
        ):
            return super().process_response(request, response)
        if HEADER not in response:
            key = csp_hash()
            policy = _public_policies.get(key)
            if policy is None:
                parts = self.get_policy_parts(request=request, response=response)
                policy = _public_policies[key] = build_policy(**asdict(parts))
            response[HEADER] = policy
        # As the library does: a nonce asked for after this point would not be
        # in the header, so asking fails loudly.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        styles = update.get("style-src", [])
        if request.path.startswith(_admin_prefix()):
            update["script-src"] = [*update.get("script-src", []), _editor_importmap_hash()]
            # The editor and admin widgets set style attributes; styles cannot
            # run code, scripts stay locked down.
            update["style-src"] = [*styles, "'unsafe-inline'"]
        else:
            # Public pages: their one inline <style>. Not on admin pages, where
            # a hash would switch 'unsafe-inline' off.
            update["style-src"] = [*styles, csp_hash()]
        parts.update = update
        return parts
