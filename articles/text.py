"""Vietnamese text helpers: slugs, accent folding, search-term highlighting."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

# "đ" has no Unicode decomposition, so NFKD-based ASCII folding (Django's
# slugify) silently drops it: "phát động" would become "phat-ong".
_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def fold(text):
    """Lower-case ASCII form of Vietnamese text: "Thi Đua" -> "thi dua"."""
    text = unicodedata.normalize("NFKD", text.translate(_D_TABLE))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def vietnamese_slugify(text, max_length=200):
    """Slug from a Vietnamese title, cut at a word boundary to `max_length`."""
    slug = slugify(text.translate(_D_TABLE))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def search_terms(query):
    """The folded words of a search query, in order, without repeats."""
    return list(dict.fromkeys(_WORD_RE.findall(fold(query))))


def words(text):
    """The set of folded words in a text (used where the database cannot fold)."""
    return set(_WORD_RE.findall(fold(text)))


def highlight(text, terms):
    """Escape `text` and wrap every word whose folded form is a search term in <mark>."""
    if not terms:
        return escape(text)
    wanted = set(terms)
    out = []
    last = 0
    for match in _WORD_RE.finditer(text):
        if fold(match.group()) in wanted:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
