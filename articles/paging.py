"""Listing pages anchored to an article, not numbered: "Tin cũ hơn" shows
the articles published before the last one on screen, "Tin mới hơn" those
after the first. A reader paging through a category while an article is
published sees no article twice and skips none, and page 6,000 costs what
page 2 does (an index range read, no OFFSET, no COUNT of the category).

A cursor is `<microseconds since the epoch>-<article id>` of the article it
is anchored to, in the URL as `sau` (older than) or `truoc` (newer than).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Q, QuerySet
from django.http import Http404

OLDER, NEWER = "sau", "truoc"
PARAMS = (OLDER, NEWER)


class FirstPage(Exception):
    """The page asked for is the listing's first page (redirect to it)."""


@dataclass
class KeysetPage:
    """One page of a listing: its articles, newest first, and the cursors of
    the pages around it (None where there is none)."""

    items: list = field(default_factory=list)
    newer: str | None = None
    older: str | None = None

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def is_first(self) -> bool:
        return self.newer is None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def cursor_of(article) -> str:
    """The cursor anchored to `article` (published_at and id)."""
    moment = article.published_at.astimezone(UTC)
    micros = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // _MICROSECOND
    return f"{micros}-{article.pk}"


_MICROSECOND = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)


def _parse(value: str) -> tuple[datetime, int]:
    """(published_at, id) of a cursor; Http404 for anything else."""
    micros, _, pk = value.partition("-")
    if not (micros.isdecimal() and pk.isdecimal()) or len(micros) > 17 or len(pk) > 18:
        raise Http404("Không có trang này.")
    moment = datetime(1970, 1, 1, tzinfo=UTC) + int(micros) * _MICROSECOND
    return moment, int(pk)


def keyset_page(articles: QuerySet, *, size: int, query) -> KeysetPage:
    """The page of `articles` (a queryset of public articles) that `query`
    (the request's GET) asks for: the newest `size` without a cursor, else
    those just older (`sau`) or newer (`truoc`) than its article.

    Raises Http404 for a malformed cursor or an older page with nothing in
    it, and FirstPage for a newer page that reaches the newest articles: the
    listing's own URL shows those, so no page has two addresses.
    """
    older_than, newer_than = query.get(OLDER), query.get(NEWER)
    ordered = articles.order_by("-published_at", "-pk")
    if newer_than:
        moment, pk = _parse(newer_than)
        after = Q(published_at__gte=moment) & (Q(published_at__gt=moment) | Q(pk__gt=pk))
        rows = list(articles.filter(after).order_by("published_at", "pk")[: size + 1])
        if len(rows) <= size:
            raise FirstPage
        items = rows[:size][::-1]
        return KeysetPage(items, newer=cursor_of(items[0]), older=cursor_of(items[-1]))
    if older_than:
        moment, pk = _parse(older_than)
        before = Q(published_at__lte=moment) & (Q(published_at__lt=moment) | Q(pk__lt=pk))
        rows = list(ordered.filter(before)[: size + 1])
        if not rows:
            raise Http404("Không còn tin cũ hơn.")
        items = rows[:size]
        more = len(rows) > size
        return KeysetPage(
            items, newer=cursor_of(items[0]), older=cursor_of(items[-1]) if more else None
        )
    rows = list(ordered[: size + 1])
    items = rows[:size]
    return KeysetPage(items, older=cursor_of(items[-1]) if len(rows) > size else None)
