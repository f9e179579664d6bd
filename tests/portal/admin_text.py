"""The visible text of an admin page, and the English words in it.

English words are those of the English message catalogues of Django and of
the third-party apps the admin shows (their msgids): a string left
untranslated shows up as these words. A short allowlist holds the words that
read the same in Vietnamese (or are names)."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import django_otp
import simple_history

ALLOWED = {
    "a",
    "an",
    "ai",
    "anh",
    "bao",
    "cho",
    "con",
    "da",
    "do",
    "em",
    "email",
    "hai",
    "in",
    "id",
    "lo",
    "me",
    "mo",
    "no",
    "on",
    "sao",
    "so",
    "ta",
    "the",
    "to",
    "url",
    "vi",
    "web",
    "csv",
    "ip",
    "ok",
    "pdf",
    "vpcp",
    "html",
    "json",
    "ld",
    "rss",
    "sapo",
    "captcha",
    "cookie",
}
# Not interface text: scripts, and what a form field holds (the staff's own data).
HIDDEN = {"script", "style", "template", "noscript", "svg", "textarea"}
# Whole words, Vietnamese letters included; not the letters of a token mixed
# with digits, such as the hex of a network hash (its "d" and "f" are no word).
WORD = re.compile(r"\b[^\W\d_]+\b")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN:
            self.skip += 1
        if "hidden" in attrs or attrs.get("type") == "hidden":
            return
        for name in ("title", "aria-label", "placeholder", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html):
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@cache
def english_words():
    # Any one translation's msgids are the English texts; Django ships vi.
    catalogues = [*Path(django.__file__).parent.glob("**/locale/vi/LC_MESSAGES/django*.po")]
    for app in (django_otp, simple_history):
        catalogues += Path(app.__file__).parent.glob("**/locale/de*/LC_MESSAGES/django.po")
    words = set()
    for po in catalogues:
        for msgid in re.findall(r'^msgid "(.*)"', po.read_text(), re.M):
            words.update(w.lower() for w in WORD.findall(msgid))
    words.update({"django", "administration", "history", "view", "site"})
    return words - ALLOWED


def english_in(html):
    """The English words in the visible text of `html`, sorted."""
    english = english_words()
    return sorted({w for w in WORD.findall(visible_text(html)) if w.lower() in english})
