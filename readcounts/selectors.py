"""Read-only queries on the folded counts: Đọc nhiều, and totals per article."""

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from articles.next_reads import RAIL_COUNT
from pagecache.generation import page_generation
from pagecache.memo import until_publish

from .models import ReadCount

KNOWN_PUBLIC_MAX = 5000  # public article ids each process remembers per generation
_known_public: dict[int, int] = {}  # article id -> the page generation it was public under


def is_public_article(article_id: int) -> bool:
    """Whether `article_id` names a public article: a primary-key look-up,
    whose yes is remembered by this process until the next publish (the page
    generation) for at most KNOWN_PUBLIC_MAX articles, so beacons for the
    articles people read cost no query and made-up ids cost one and keep
    nothing."""
    generation = page_generation()
    if generation is not None and _known_public.get(article_id) == generation:
        return True
    public = Article.objects.published().filter(pk=article_id).exists()
    if public and generation is not None:
        if len(_known_public) >= KNOWN_PUBLIC_MAX:
            _known_public.clear()
        _known_public[article_id] = generation
    return public


def most_read(
    *,
    limit: int = RAIL_COUNT,
    hours: int | None = None,
    now: datetime | None = None,
    exclude: tuple[int, ...] | list[int] = (),
) -> list[Article]:
    """Public articles with the most reads in the last `hours`, most first;
    ties to the newer article. One query.

    Args:
        limit: at most this many articles.
        hours: the window, in hours (default READS_MOST_READ_HOURS: 24 for a
            day, 168 for a week).
        now: the end of the window (default: now).
        exclude: pks of articles left out.
    """
    hours = hours or settings.READS_MOST_READ_HOURS
    since = (now or timezone.now()) - timedelta(hours=hours)
    return list(
        Article.objects.published()
        .for_listing()
        .filter(read_counts__hour__gte=since)
        .exclude(pk__in=exclude)
        .annotate(reads=Sum("read_counts__count"))
        .order_by("-reads", "-published_at", "-pk")[:limit]
    )


def most_read_beside(*, article: Article, limit: int = RAIL_COUNT) -> tuple[list[Article], float]:
    """Đọc nhiều beside `article`: the most read public articles, without it,
    and the list's age in seconds (how long ago it was read from the database).

    Read counts reach the database in batches, at most every
    READS_FOLD_SECONDS (folding.py), so each process keeps the list that
    long, under the page generation (a publish or unpublish shows at once),
    and never past READS_MOST_READ_MAX_AGE_SECONDS: one query per process per
    interval instead of one per page view."""
    ranked_at, ranked = until_publish(
        f"most-read.{limit}",
        lambda: (time.time(), most_read(limit=limit + 1)),
        min(settings.READS_FOLD_SECONDS, settings.READS_MOST_READ_MAX_AGE_SECONDS),
    )
    age = max(time.time() - ranked_at, 0.0)
    return [other for other in ranked if other.pk != article.pk][:limit], age


def most_read_page_seconds(*, age: float) -> int:
    """Seconds a page showing a Đọc nhiều list `age` seconds old may be kept
    fresh, in the app and at the front, so that no copy of it is shown past
    READS_MOST_READ_MAX_AGE_SECONDS: what is left of that age, less the
    longer of the times a stale copy may still be served (the app's
    PAGE_CACHE_STALE_SECONDS while its successor renders, the front's
    FRONT_STALE_SECONDS stale-while-revalidate). 0 or less: not kept."""
    grace = max(settings.PAGE_CACHE_STALE_SECONDS, settings.FRONT_STALE_SECONDS)
    return int(settings.READS_MOST_READ_MAX_AGE_SECONDS - age - grace)


def with_read_totals(articles: QuerySet[Article]) -> QuerySet[Article]:
    """`articles` annotated with `reads`, every read folded so far (one
    correlated subquery per listed row: the admin lists 50 at a time)."""
    totals = (
        ReadCount.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return articles.annotate(reads=Coalesce(Subquery(totals), 0))
