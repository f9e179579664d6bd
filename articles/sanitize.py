"""The one allowlist for article bodies (nh3 / ammonia), used by the editor
field and by Article.save() alike.

It is derived from the editor's own configuration (editor.py) by
django-prose-editor, so the editor and the sanitizer cannot drift apart; the
portal adds one rule of its own: links get rel="noopener noreferrer" instead
of keeping whatever rel was pasted.
"""

import re

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
# Word and old CMS exports write bold and italics as <b> and <i>, which the
# editor reads as <strong> and <em> (its schema's names): the same here, so a
# body saved without the editor (imports, scripts) keeps its emphasis.
_LEGACY_TAG_RE = re.compile(r"<(/?)(b|i)(?=[\s>/])", re.IGNORECASE)
_LEGACY_TAGS = {"b": "strong", "i": "em"}
# A paragraph or heading holding nothing a reader sees: Word separates its
# paragraphs with `<p class=MsoNormal><o:p>&nbsp;</o:p></p>`, and an editor's
# stray Enter leaves `<p></p>` or `<p><br></p>`; each would be a blank gap on
# the page. Matched on nh3's output, whose markup is normalised.
# An image whose source the sanitizer dropped (a file:, data:, blob: or cid:
# picture pasted from Word or the desktop): an <img> with no src, which shows
# nothing and is invalid HTML.
_IMAGE_WITHOUT_SOURCE_RE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_PASTED_IMAGE_RE = re.compile(
    r"<img\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:file|data|blob|cid):", re.IGNORECASE
)
_BLANK_BLOCK_RE = re.compile(r"<(p|h[1-6])>(?:\s|&nbsp;|\xa0|<br>)*</\1>\n?")


def sanitize_body(html):
    """Keep only the tags and attributes the editor can make; drop scripts,
    event handlers, inline styles, non-http(s) URLs, images left without a
    source and blank paragraphs and headings (`_BLANK_BLOCK_RE`); <b>/<i>
    become <strong>/<em>.
    Arguments: html (str or None). Returns the cleaned HTML, "" when nothing
    visible is left."""
    html = _LEGACY_TAG_RE.sub(
        lambda m: f"<{m.group(1)}{_LEGACY_TAGS[m.group(2).lower()]}", html or ""
    )
    cleaned = _IMAGE_WITHOUT_SOURCE_RE.sub("", _cleaner.clean(html))
    return _BLANK_BLOCK_RE.sub("", cleaned).strip()


def has_pasted_images(html):
    """Whether `html` holds images pasted from Word or the desktop (file:,
    data:, blob: or cid: sources), which sanitize_body drops: the admin form
    asks the editor to upload them instead. Arguments: html (str or None)."""
    return bool(_PASTED_IMAGE_RE.search(html or ""))
