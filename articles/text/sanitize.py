"""The one allowlist for article bodies (nh3 / ammonia), used by the editor
field and by writing.prepare_article alike.

It is derived from the editor's own configuration (editor.py) by
django-prose-editor, so the editor and the sanitizer cannot drift apart; the
portal adds one rule of its own: links get rel="noopener noreferrer" instead
of keeping whatever rel was pasted.
"""

import re

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from . import office_paste
from .editor import BODY_EDITOR_EXTENSIONS


def _allowlist():
    allow = allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))
    allow["attributes"]["a"] = allow["attributes"]["a"] - {"rel", "target"}
    allow["link_rel"] = "noopener noreferrer"
    return allow


ALLOWLIST = _allowlist()
_cleaner = nh3.Cleaner(**ALLOWLIST, strip_comments=True)
# Pictures pasted from Word or the desktop, whose sources nh3 drops.
_PASTED_IMAGE_RE = re.compile(
    r"<img\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:file|data|blob|cid):", re.IGNORECASE
)


def sanitize_body(html):
    """Keep only the tags and attributes the editor can make; drop scripts,
    event handlers, inline styles and non-http(s) URLs; tidy what Word leaves
    (office_paste: fake lists, blank paragraphs, <b>/<i>, images left without
    a source). Arguments: html (str or None). Returns the cleaned HTML, ""
    when nothing visible is left."""
    cleaned = _cleaner.clean(office_paste.before_sanitizing(html or ""))
    return office_paste.after_sanitizing(cleaned).strip()


def has_pasted_images(html):
    """Whether `html` holds images pasted from Word or the desktop (file:,
    data:, blob: or cid: sources), which sanitize_body drops: the admin form
    asks the editor to upload them instead. Arguments: html (str or None)."""
    return bool(_PASTED_IMAGE_RE.search(html or ""))
