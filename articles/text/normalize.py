"""Vietnamese text rules in one place: how stored text is normalised, how text
is folded for slugs, search and highlighting, and what XML may carry.

Editors paste from Word, from legacy Vietnamese converters (TCVN3/VNI fonts
that put the Icelandic "Ð" where "Đ" belongs), and type on input methods and
systems that write decomposed marks (macOS, some Telex/VNI setups). Every
entry point runs through `clean_text`/`clean_line` on save and through `fold`
when text is compared, so all of these read the same.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

# Characters XML 1.0 forbids: C0 controls other than tab, LF and CR, the
# noncharacters U+FFFE/U+FFFF and lone surrogates. One of them in a summary
# (Word pastes a soft line break as a vertical tab) makes the feed writer fail.
_XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Vertical tab and form feed are line breaks to the person who typed them.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# Invisible characters that split words for a search engine and have no place
# in a slug: zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen,
# Mongolian vowel separator.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
_NEWLINES_RE = re.compile(r"\s*[\r\n]+\s*")

# "đ" has no Unicode decomposition, so NFKD-based ASCII folding (Django's
# slugify) silently drops it: "phát động" would become "phat-ong". Legacy
# converters and fonts put look-alikes in its place: Ð/ð (eth, U+00D0/U+00F0)
# and Ɖ/ɖ (African D, U+0189/U+0256). PostgreSQL's unaccent maps all of them
# to d, so the database index folds the same way (see migration 0002).
_D_TABLE = str.maketrans({"Đ": "d", "đ": "d", "Ð": "d", "ð": "d", "Ɖ": "d", "ɖ": "d"})
# \w with the combining marks, so a word typed with decomposed marks is one word.
_WORD_RE = re.compile(r"[\w\u0300-\u036f\u1dc0-\u1dff]+")


def xml_safe(text):
    """`text` without the characters XML 1.0 forbids (see `_XML_FORBIDDEN_RE`).

    Used where feeds, sitemaps and JSON-LD are written, so rows stored before
    `clean_text` existed cannot break them. None stays None.
    """
    if text is None:
        return None
    return _XML_FORBIDDEN_RE.sub("", str(text).translate(_LINE_BREAKS))


def clean_text(text):
    """Stored form of any text: NFC, no XML-forbidden or invisible characters,
    vertical tabs/form feeds as line breaks, no blank space at the ends.

    Arguments: text (str or None). Returns a str ("" for None).
    """
    text = unicodedata.normalize("NFC", text or "")
    return _INVISIBLE_RE.sub("", xml_safe(text)).strip()


def clean_line(text):
    """`clean_text` for one-line fields (title, caption, source, name): line
    breaks become single spaces."""
    return _NEWLINES_RE.sub(" ", clean_text(text))


def fold(text):
    """The comparison form of text, for slugs, search and highlighting:
    "Ｈội ĐỒNG" -> "hoi dong".

    NFKC first (full-width and compatibility forms become plain letters),
    invisible characters dropped, Đ and its look-alikes to "d", marks
    removed, case folded.
    """
    text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text or ""))
    text = unicodedata.normalize("NFKD", text.translate(_D_TABLE))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def vietnamese_slugify(text, max_length=200):
    """Slug from a Vietnamese title, cut at a word boundary to `max_length`."""
    slug = slugify(fold(text))
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
    """Escape `text` and wrap every word whose folded form is a search term in
    <mark>. The text is normalised first, so a word typed with decomposed
    marks or a soft hyphen inside is marked whole."""
    text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text or ""))
    if not terms:
        return escape(text)
    wanted = set(terms)
    out: list[str] = []
    last = 0
    for match in _WORD_RE.finditer(text):
        if fold(match.group()) in wanted:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def clean_fields_text(instance, *, lines=(), texts=()):
    """Apply `clean_line` to the one-line fields and `clean_text` to the
    multi-line fields of a model instance, in place (called by the models'
    clean() and save(), so the admin form and every other writer agree)."""
    for name in lines:
        setattr(instance, name, clean_line(getattr(instance, name)))
    for name in texts:
        setattr(instance, name, clean_text(getattr(instance, name)))
