"""Captchas for votes, on top of django-simple-captcha's store and images.

A captcha is made only when a reader starts to rate (never by the article
page) and answers once: checking it deletes it, right or wrong. Unlike the
library's field, an expired or used captcha is told apart from a wrong answer.
"""

import re
import secrets
from functools import cache

from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import captcha_drawing, rawsql, speech, texts

KEY_RE = re.compile(r"^[0-9a-f]{40}$")
# Letters of the Vietnamese alphabet (no F, J, W, Z) whose spoken names all
# sound different (not D and G, nor P and V: see ratings/speech.py) and whose
# shapes people tell apart once distorted and overlapping: I, L and O are
# lost in strokes, K is read as A, R or X, and of the groups readers mixed
# up (N and A; H, U and M; X and Y; C, E and Q) only the most different stay.
# A captcha takes one guess, among len(CHALLENGE_LETTERS) ** CAPTCHA_LENGTH
# answers.
CHALLENGE_LETTERS = "ABEHMRSTX"


def hint():
    """What the reader is told under the captcha: how many letters, and which
    (an attacker learns the set from a few images; a person misreads O for Q
    or G for C without it)."""
    return texts.CAPTCHA_HINT.format(
        length=captcha_settings.CAPTCHA_LENGTH, letters=" ".join(CHALLENGE_LETTERS)
    )


def image_alt(with_audio):
    """Alt text of the captcha image: what it is and what to type."""
    return texts.CAPTCHA_IMAGE_ALT_WITH_AUDIO if with_audio else texts.CAPTCHA_IMAGE_ALT


class CaptchaError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def challenge():
    """A challenge for django-simple-captcha (CAPTCHA_CHALLENGE_FUNCT =
    "ratings.captcha.challenge"): CAPTCHA_LENGTH letters a Vietnamese reader
    can name, and which the audio captcha reads by their Vietnamese names."""
    letters = "".join(
        secrets.choice(CHALLENGE_LETTERS) for _ in range(captcha_settings.CAPTCHA_LENGTH)
    )
    return letters, letters.lower()


def issue():
    """Make a new captcha: {"key", "image_url", "audio_url"}."""
    return describe(CaptchaStore.generate_key())


def describe(key):
    audio = speech.available()
    width, height = captcha_drawing.size()
    return {
        "key": key,
        "image_url": reverse("captcha-image", kwargs={"key": key}),
        "image_2x_url": reverse("captcha-image-2x", kwargs={"key": key}),
        "audio_url": (reverse("ratings:captcha_audio", kwargs={"key": key}) if audio else None),
        "image_alt": image_alt(audio),
        "image_width": width,
        "image_height": height,
    }


def lifetime_minutes():
    """How long a captcha can be answered (CAPTCHA_TIMEOUT)."""
    return captcha_settings.CAPTCHA_TIMEOUT


def is_key(value):
    return isinstance(value, str) and bool(KEY_RE.match(value))


def live_store(key):
    """The unexpired captcha with this key, or None (does not consume it)."""
    if not is_key(key):
        return None
    return CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()


def verify(key, answer):
    """Check an answer and use the captcha up. Raises CaptchaError: "required"
    when no captcha was sent at all (a script posting only a score is asked
    for one, not told that one expired)."""
    if not key and not answer:
        raise CaptchaError(texts.CAPTCHA_PROMPT, "required")
    if not is_key(key):
        raise CaptchaError(texts.CAPTCHA_EXPIRED, "expired")
    answer = answer.strip().lower() if isinstance(answer, str) else ""
    stored = _consume(key)
    if not answer:
        raise CaptchaError(texts.CAPTCHA_PROMPT, "required")
    if stored is None or stored[1] <= timezone.now():
        raise CaptchaError(texts.CAPTCHA_EXPIRED, "expired")
    if not constant_time_compare(stored[0], answer):
        raise CaptchaError(texts.CAPTCHA_WRONG, "invalid")


def _consume(key):
    """Delete the captcha and return its (response, expiration), or None:
    one statement, so of two requests racing with one key only one gets it,
    and a vote costs one round trip and one commit for its captcha. (The ORM
    has no DELETE ... RETURNING.) Expired rows are left to the hourly
    `captcha_clean`, so that a vote never scans the table for them."""
    row = rawsql.fetch_one(_consume_sql(), [key])
    return None if row is None else (row[0], rawsql.from_db(row[1]))


@cache
def _consume_sql():
    """DELETE one captcha by its key (%s), RETURNING (response, expiration)."""
    returned = ", ".join(rawsql.column(CaptchaStore, name) for name in ("response", "expiration"))
    return (
        f"DELETE FROM {rawsql.table(CaptchaStore)} "  # noqa: S608 (names, not input)
        f"WHERE {rawsql.column(CaptchaStore, 'hashkey')} = %s RETURNING {returned}"
    )
