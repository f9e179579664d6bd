"""Flash messages in a signed cookie that is honoured for a minute only.

Django's CookieStorage signs its cookie without a date, so a cookie holding
one message (a reader's "Cảm ơn bạn đã đánh giá" after a vote without
JavaScript) stays valid forever. The page cache renders afresh every request
that carries a signed message, so a script that kept one such cookie and sent
it with every request got an uncached render each time, for ever, from any
address. Here the signature carries its time: after MESSAGE_MAX_AGE seconds
the cookie is dropped like a forged one, and the page comes from the cache.
A message is read on the page the action redirects to, seconds later.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing

MESSAGE_MAX_AGE = 60  # seconds


class _DatedSigner(signing.TimestampSigner):
    def unsign(self, value, max_age=None):
        return super().unsign(value, max_age=MESSAGE_MAX_AGE if max_age is None else max_age)


class DatedCookieStorage(CookieStorage):
    """CookieStorage whose cookie expires MESSAGE_MAX_AGE seconds after it was
    signed (an expired signature counts as a bad one: the cookie is deleted).
    Set as MESSAGE_STORAGE; read it through
    django.contrib.messages.storage.default_storage."""

    key_salt = "django.contrib.messages"  # CookieStorage's, which the stubs do not declare

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.signer = _DatedSigner(
            key=settings.SECRET_KEY, fallback_keys=settings.SECRET_KEY_FALLBACKS, salt=self.key_salt
        )
