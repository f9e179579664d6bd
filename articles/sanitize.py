"""The one allowlist for article bodies (nh3 / ammonia), used by the editor
field and by Article.save() alike.

It is derived from the editor's own configuration (editor.py) by
django-prose-editor, so the editor and the sanitizer cannot drift apart; the
portal adds one rule of its own: links get rel="noopener noreferrer" instead
of keeping whatever rel was pasted.
"""

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from .editor import BODY_EDITOR_EXTENSIONS


def _allowlist():
    allow = allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))
    allow["attributes"]["a"] = allow["attributes"]["a"] - {"rel", "target"}
    allow["link_rel"] = "noopener noreferrer"
    return allow


ALLOWLIST = _allowlist()
_cleaner = nh3.Cleaner(**ALLOWLIST, strip_comments=True)


def sanitize_body(html):
    """Keep only the tags and attributes the editor can make; drop scripts,
    event handlers, inline styles and non-http(s) URLs. Returns "" for an
    editor's empty paragraph."""
    cleaned = _cleaner.clean(html or "").strip()
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned
