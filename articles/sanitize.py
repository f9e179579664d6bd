"""Allowlist HTML sanitizing for article bodies (nh3 / ammonia)."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "strong", "em", "b", "i",
    "u", "s", "sub", "sup", "blockquote", "figure", "figcaption", "table", "caption",
    "thead", "tbody", "tfoot", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_body(html):
    """Keep only the tags and attributes a news article needs; drop scripts,
    event handlers, inline styles and non-http(s) URLs."""
    return _cleaner.clean(html or "").strip()
