"""Đọc nhiều: reads counted without touching the cached article page.

The article page stays cached and writes nothing. Its script sends one
`navigator.sendBeacon` per browser per article (remembered in localStorage)
to `POST /api/doc/<id>/`; this module counts it in Redis and folds the counts
into PostgreSQL (`ReadCount`, one row per article per hour) in batches: the
first beacon after every `READS_FOLD_SECONDS` folds what came since the last
fold, so no cron job is needed. A Redis restart loses at most the counts not
yet folded (one batch). Without REDIS_URL (`make run`) the counts wait in the
process's memory instead.

Not counted: readers without JavaScript, clients whose user agent names a
crawler or an automated fetcher, beacons from other sites, and reads of one
article from one address past `READS_MAX_PER_ADDRESS_PER_DAY`.
"""

import hashlib
import logging
import re
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import CACHE_ERRORS
from core.client_ip import client_ip

from .read_buffer import pending_counts

log = logging.getLogger(__name__)

# User agents of crawlers, link previewers, monitors, headless browsers and
# HTTP libraries: none of them is a reader.
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|embedly|"
    r"headless|lighthouse|phantomjs|selenium|puppeteer|playwright|"
    r"curl|wget|httpie|python|java/|go-http|okhttp|axios|node-fetch|libwww|scrapy|"
    r"feed|monitor|pingdom|uptime|check",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """True for an empty user agent or one that names an automated client."""
    return not user_agent.strip() or bool(BOT_RE.search(user_agent))


class ReadCount(models.Model):
    """Reads of one article in one hour (UTC), folded from the pending counts."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="read_counts"
    )
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt xem")
        verbose_name_plural = _("lượt xem")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="readcount_article_hour")
        ]
        # Đọc nhiều sums the last hours of every article.
        indexes = [models.Index(fields=["hour", "article"], name="readcount_hour_idx")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.count}"


def count_read(request, article_id, now=None):
    """Count one read of `article_id` (a beacon's), unless it comes from a
    bot, another site, or an address that already read the article
    READS_MAX_PER_ADDRESS_PER_DAY times today; fold the pending batch when
    READS_FOLD_SECONDS have passed since the last fold. Returns whether the
    read was counted. Never raises for an unreachable Redis (logged)."""
    if is_bot(request.headers.get("User-Agent", "")):
        return False
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    now = now or timezone.now()
    hour = int(now.timestamp()) // 3600 * 3600
    address = hashlib.blake2b(
        f"{client_ip(request)}|{article_id}".encode(), key=settings.SECRET_KEY.encode()[:64]
    ).hexdigest()[:32]
    store = pending_counts()
    try:
        if not store.first_n_today(address, settings.READS_MAX_PER_ADDRESS_PER_DAY):
            return False
        store.add(f"{article_id}:{hour}")
        if store.fold_due(settings.READS_FOLD_SECONDS):
            fold_pending_reads(store)
    except CACHE_ERRORS:
        log.warning("read not counted: Redis unreachable", exc_info=True)
        return False
    return True


def fold_pending_reads(store=None):
    """Move the pending counts into ReadCount rows (one upsert per article and
    hour, in one transaction). Counts of articles that are no longer public
    are dropped. If the database write fails the counts go back to the store.
    Returns the number of reads folded."""
    from .models import Article

    store = store or pending_counts()
    counts = store.take()
    if not counts:
        return 0
    parsed = {}
    for field, n in counts.items():
        article_id, hour = (int(part) for part in field.split(":"))
        parsed[(article_id, hour)] = n
    public = set(
        Article.objects.published()
        .filter(pk__in={article_id for article_id, _ in parsed})
        .values_list("pk", flat=True)
    )
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (article_id, adapt(datetime.fromtimestamp(hour, UTC)), n)
        for (article_id, hour), n in parsed.items()
        if article_id in public
    ]
    try:
        _add_counts(rows)
    except Exception:
        store.put_back(counts)
        raise
    return sum(n for _, _, n in rows)


def _add_counts(rows):
    """One INSERT ... ON CONFLICT DO UPDATE adding each count to its row
    (PostgreSQL and SQLite; Django's bulk_create can only overwrite)."""
    if not rows:
        return
    table = connection.ops.quote_name(ReadCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} (article_id, hour, count) VALUES {values} "  # noqa: S608
        f"ON CONFLICT (article_id, hour) DO UPDATE SET count = {table}.count + excluded.count"
    )
    params = [value for row in rows for value in row]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def with_read_totals(articles):
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
