"""What Word (and old CMS exports) leave in a body, turned into the markup the
editor writes. sanitize.sanitize_body calls `before_sanitizing` on the raw
HTML and `after_sanitizing` on nh3's output, whose markup is normalised (tags
lower-case, attributes quoted), so the patterns below can be simple.

- <b>/<i> become <strong>/<em>, the names of the editor's schema (it reads
  them that way when pasting; imports and scripts do not go through it).
- Word's fake lists: a list item pasted from Word is a paragraph that starts
  with its marker ("·", "o", "§", "1.", "a)") and a run of spaces, the real
  list structure living in mso-list styles the sanitizer drops. Runs of such
  paragraphs become <ul>/<ol> with <li><p>, as the editor writes lists.
- Blank paragraphs and headings (`<o:p>&nbsp;</o:p>`, a stray Enter's
  `<p></p>` or `<p><br></p>`) go: each was a gap on the page.
"""

import re

_LEGACY_TAG_RE = re.compile(r"<(/?)(b|i)(?=[\s>/])", re.IGNORECASE)
_LEGACY_TAGS = {"b": "strong", "i": "em"}

_SPACE = r"(?:&nbsp;|\xa0| )"
# Marker, then at least two spaces (Word pads the marker to the list's indent).
_BULLET = rf"[·•▪◦o§\-–](?:{_SPACE}){{2,}}"
_NUMBER = rf"(?:\d{{1,3}}|[a-z]|[ivx]{{1,4}})[.)](?:{_SPACE}){{2,}}"
_ITEM_RE = {
    "ul": re.compile(rf"<p>{_BULLET}(.*?)</p>\n?"),
    "ol": re.compile(rf"<p>{_NUMBER}(.*?)</p>\n?"),
}
_RUN_RE = {kind: re.compile(f"(?:{item.pattern})+") for kind, item in _ITEM_RE.items()}

_BLANK_BLOCK_RE = re.compile(r"<(p|h[1-6])>(?:\s|&nbsp;|\xa0|<br>)*</\1>\n?")
# An image whose source the sanitizer dropped (file:, data:, blob:, cid:).
_IMAGE_WITHOUT_SOURCE_RE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def before_sanitizing(html):
    """Raw pasted HTML with <b>/<i> renamed <strong>/<em>. Arguments: html
    (str). Returns str."""
    return _LEGACY_TAG_RE.sub(lambda m: f"<{m.group(1)}{_LEGACY_TAGS[m.group(2).lower()]}", html)


def _as_list(kind):
    def replace(run):
        items = _ITEM_RE[kind].findall(run.group())
        return f"<{kind}>" + "".join(f"<li><p>{item}</p></li>" for item in items) + f"</{kind}>"

    return replace


def after_sanitizing(html):
    """nh3's output with Word's fake lists made lists, and images left without
    a source and blank paragraphs and headings removed. Arguments: html (str).
    Returns str."""
    html = _IMAGE_WITHOUT_SOURCE_RE.sub("", html)
    html = _BLANK_BLOCK_RE.sub("", html)
    for kind in ("ul", "ol"):
        html = _RUN_RE[kind].sub(_as_list(kind), html)
    return html
