"""The portal's stylesheet, inlined into every public page.

Why inline: a phone on a slow network paints the page one round trip sooner
(no render-blocking request before the first paint, which Lighthouse's mobile
run of `make audit` weighs most), and most readers open one page and leave,
so a separately cached file would save them nothing. The file is small enough
that carrying it in every page costs less than that round trip; keep it so.

The file stays in static/ (the error pages link it), and the
Content-Security-Policy allows exactly this content by its SHA-256 hash
(core.csp), never `'unsafe-inline'`.
"""

import base64
import hashlib
import re
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders

PORTAL_CSS = "css/portal.css"
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _load(path):
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"static file {path!r} not found")
    with open(found, encoding="utf-8") as file:
        css = file.read()
    # Comments and indentation are for the people who edit the file; every
    # page would carry them (about a quarter of the file).
    css = _COMMENT.sub("", css)
    css = "\n".join(line.strip() for line in css.splitlines() if line.strip())
    # The content goes inside <style>; a closing tag in it would end the element.
    if "</style" in css.lower():
        raise ValueError(f"{path} contains a closing </style> tag")
    return css


_load_once = cache(_load)


def inline_css(path=PORTAL_CSS):
    """The text of the static stylesheet `path`, read once per process
    (re-read on every call with DEBUG on, so edits show without a restart).

    Raises FileNotFoundError when no static finder knows `path`, and
    ValueError when the file contains `</style` (it could not be inlined).
    """
    return _load(path) if settings.DEBUG else _load_once(path)


def csp_hash(path=PORTAL_CSS):
    """The CSP source expression (`'sha256-…'`) that allows the `<style>`
    element holding exactly `inline_css(path)`; same errors as `inline_css`."""
    return _hash_source(inline_css(path))


@cache
def _hash_source(css):
    # Keyed by the text itself (the same string object each time, so the
    # lookup does not rehash it): every response pays a dict lookup, not SHA-256.
    digest = hashlib.sha256(css.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
