"""Document numbers and codes, the tokens citizens search a government portal
by: "15/2020/NĐ-CP", "01/2021/TT-BTC", "123/QĐ-TTg", "COVID-19", "H5N1-2024".

PostgreSQL's text-search parser reads "15/2020/NĐ-CP" as a file path and
"COVID-19" as a word and a negative number, so neither is found by what a
reader types. The codes of an article are therefore taken out at write time
(`document_codes`), stored folded in one column and indexed as exact lexemes
next to the words (see the migration that adds `search_codes`); a query is
split the same way (`split_query`), so both sides agree by construction.

A document number is stored whole and in the parts people quote it by:
"15/2020/nd-cp", "15/2020" (số/năm), "15/nd-cp" (số and type, no year) and
"nd-cp". A code is stored whole and its hyphen's parts as words ("covid-19",
"covid", "19"): the parser indexes "COVID-19" as "covid" and "-19", so a
reader who types "covid 19" would otherwise not find it.
"""

import re
import unicodedata

from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from .normalize import fold, highlight

# On folded text (lower case, no marks, "đ" as "d"). A document number: the
# number, an optional year, and the issuer's type ("nd-cp", "qd-ttg", "tt").
# "/" inside may be typed with spaces around it in a query; not in the text.
_DOCUMENT_RE = re.compile(
    r"(?<![\w/])([0-9]{1,6})(?:/([0-9]{4}))?/([a-z]{1,8}(?:-[a-z]{1,8}){0,3})(?![\w/-])"
)
# A code: letters and digits joined by hyphens, holding at least one digit.
_CODE_RE = re.compile(r"(?<![\w/-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])")
_YEAR_NUMBER_RE = re.compile(r"(?<![\w/])([0-9]{1,6})/([0-9]{4})(?![\w/])")
MAX_CODES = 200  # per article: the column stays small whatever is pasted


def _codes_in(folded):
    """The lexemes of the codes in folded text, in order, with repeats."""
    found = []
    for match in _DOCUMENT_RE.finditer(folded):
        number, year, kind = match.groups()
        found.append(match.group())
        if year:
            found.append(f"{number}/{year}")  # "số/năm", how people quote one
            found.append(f"{number}/{kind}")  # "15/NĐ-CP", the year left out
        found.append(kind)
    for match in _CODE_RE.finditer(folded):
        code = match.group()
        if any(c.isdigit() for c in code):
            found.append(code)
            found.extend(code.split("-"))  # "covid 19", typed with a space
    found.extend(match.group() for match in _YEAR_NUMBER_RE.finditer(folded))
    return found


def _fold_text(text):
    return fold(unicodedata.normalize("NFC", strip_tags(text or "")))


def document_codes(*texts):
    """The stored form of the codes in `texts` (plain text or HTML): their
    folded lexemes, each once, separated by single spaces ("" when none).
    At most MAX_CODES lexemes are kept."""
    found = []
    for text in texts:
        found.extend(_codes_in(_fold_text(text)))
    return " ".join(list(dict.fromkeys(found))[:MAX_CODES])


def split_query(query):
    """(codes, rest): the lexemes of the codes typed in a search query, and
    the query with them taken out (what the word search reads). A document
    type typed alone ("NĐ-CP") is a code too.

    Arguments: query (str, already bounded by the form).
    """
    folded = fold(query or "")
    folded = re.sub(r"\s*/\s*", "/", folded)  # "15 / 2020" as typed on a phone
    codes: list[str] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_DOCUMENT_RE, _YEAR_NUMBER_RE, _CODE_RE):
        for match in pattern.finditer(folded):
            if any(start < match.end() and match.start() < end for start, end in spans):
                continue
            token = match.group()
            digits = any(c.isdigit() for c in token)
            if pattern is _CODE_RE and not digits and not _is_document_type(token):
                continue
            codes.append(token)
            spans.append(match.span())
    rest = folded
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    return list(dict.fromkeys(codes)), " ".join(rest.split())


def _is_document_type(token):
    """Whether a hyphenated word reads as an issuer's type ("nd-cp",
    "qd-ttg", "tt-btc"): short parts of letters only."""
    parts = token.split("-")
    return all(part.isalpha() and len(part) <= 4 for part in parts)


def code_spans(text, codes):
    """The (start, end) spans of `text` whose folded form is one of `codes`,
    for highlighting: positions are those of `text` itself, not of its
    folded form (folding may change a string's length)."""
    if not codes:
        return []
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    folded = "".join(pieces)
    spans: list[tuple[int, int]] = []
    for code in sorted(codes, key=len, reverse=True):
        pattern = re.compile(r"(?<![\w/])" + _whole_number(code) + r"(?![\w/-])")
        for match in pattern.finditer(folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def _whole_number(code):
    """The pattern of the text a code found: a document number quoted in
    part ("15/2020", "15/nd-cp") marks the whole number it is part of
    ("15/2020/NĐ-CP"); any other code, itself."""
    number, _, rest = code.partition("/")
    if not (number.isdigit() and rest):
        return re.escape(code)
    if rest.isdigit():  # số/năm: the type may follow
        return re.escape(code) + r"(?:/[a-z]{1,8}(?:-[a-z]{1,8}){0,3})?"
    if "/" not in rest:  # số and type: the year may sit between them
        return re.escape(number) + r"(?:/[0-9]{4})?/" + re.escape(rest)
    return re.escape(code)


def highlight_found(text, terms, codes):
    """`text` escaped, with the codes and the words a search found in <mark>
    (see `normalize.highlight` for the words).

    Arguments: text (str), terms (folded words), codes (folded code lexemes).
    """
    text = unicodedata.normalize("NFC", text or "")
    out, last = [], 0
    for start, end in code_spans(text, codes):
        out.append(highlight(text[last:start], terms))
        out.append(format_html("<mark>{}</mark>", text[start:end]))
        last = end
    out.append(highlight(text[last:], terms))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
