"""Surrogate keys: names for what a page shows, so that a change expires the
pages that show it and no other.

A key names an object, "<model name>-<pk>" (`of(Article, 5)` is
"article-5"), or a set of pages an app names itself ("home", "feeds",
"sitemap"). Every public page also carries EVERY_PAGE, so expiring it
expires them all (a deploy's migrate). A view declares the keys of what it
shows with `declare(request, ...)`, or passes fixed ones to
`public_page(keys=...)`; the page goes out with them in the Surrogate-Key
header, space-separated: an HTTP cache in front indexes its pages by them
(Varnish's xkey, a CDN's surrogate keys) and purges with the very keys
`pagecache.expire` is given. It should strip the header before answering.
"""

import re
from collections.abc import Iterable

from django.db import models

HEADER = "Surrogate-Key"
EVERY_PAGE = "pages"
_KEY = re.compile(r"[a-z0-9][a-z0-9._-]*")  # no space: the header separates keys with spaces


def of(model: type[models.Model] | models.Model, pk: object) -> str:
    """The key of one object: its model's name and its primary key."""
    return f"{model._meta.model_name}-{pk}"


def for_object(instance: models.Model) -> str:
    """The key of a saved model instance (`of(type(instance), instance.pk)`)."""
    return of(instance, instance.pk)


def checked(keys: Iterable[str]) -> frozenset[str]:
    """`keys` as a set, each checked: lower-case letters, digits, dots, dashes
    and underscores. Raises ValueError for any other key (one holding a space
    would read as two in the header); `keys` a str is refused the same way."""
    if isinstance(keys, str):
        raise ValueError(f"surrogate keys must be a collection of keys, not the string {keys!r}")
    found = frozenset(keys)
    bad = sorted(repr(key) for key in found if not isinstance(key, str) or not _KEY.fullmatch(key))
    if bad:
        raise ValueError(f"malformed surrogate keys: {', '.join(bad)}")
    return found


def declare(request, *keys: str) -> None:
    """Say that the page answering `request` shows what `keys` name (added to
    the keys `public_page` sends; a view may call it more than once)."""
    request.surrogate_keys = getattr(request, "surrogate_keys", frozenset()) | checked(keys)


def label(response, request, fixed: Iterable[str] = ()) -> None:
    """Put the page's keys on `response`: EVERY_PAGE, `fixed` (public_page's)
    and those its view declared, sorted, in the Surrogate-Key header."""
    keys = {EVERY_PAGE, *checked(fixed), *getattr(request, "surrogate_keys", ())}
    response.headers[HEADER] = " ".join(sorted(keys))
