"""Content-Security-Policy: the site's own files only, no inline script.

Public pages carry the portal's stylesheet inline (vpcp_portal.stylesheet):
that one `<style>` element is allowed by its hash.

One exception, for the admin's rich-text editor: django-prose-editor needs an
inline `<script type="importmap">`. Its content is fixed for a deployment
(static URLs only), so its hash is allowed on admin pages, not `unsafe-inline`;
inline styles are allowed there too (the editor sets style attributes).
"""

import base64
import hashlib
import re
from functools import cache

from csp.middleware import CSPMiddleware
from django.urls import reverse

from vpcp_portal.stylesheet import csp_hash


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
