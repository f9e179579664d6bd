"""Maintenance of the ratings tables, run by management commands from cron
(docs/ratings.md, "Aggregates" and "Moderation"): rebuild the summaries from
the votes, and blank the hashes of old votes (privacy: RATINGS_HASH_RETENTION_DAYS)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import RatingSummary, Vote, VoteBurst
from ..selectors import summary_fields

BATCH = 500  # summaries locked per transaction by rebuild_summaries()
PURGE_BATCH = 5000  # votes blanked per statement by purge_old_hashes()


@dataclass(frozen=True)
class Drift:
    """A summary that did not match its votes: the stored and the actual
    fields (selectors.summary_fields())."""

    article_id: int
    stored: dict
    actual: dict


def rebuild_summaries(*, fix: bool = True) -> list[Drift]:
    """Recompute every summary from its votes (visible ones counted, held
    ones in `held`); returns the summaries
    that did not match. With `fix`, the drifted rows are corrected, each batch
    of BATCH under the summary locks, so votes arriving meanwhile are neither
    lost nor counted twice (`rebuild_rating_summaries`; `--check` is fix=False)."""
    drifts = []
    article_ids = sorted(
        set(Vote.objects.order_by().values_list("article_id", flat=True).distinct())
        | set(RatingSummary.objects.values_list("pk", flat=True))
    )
    for start in range(0, len(article_ids), BATCH):
        batch = article_ids[start : start + BATCH]
        with transaction.atomic():
            summaries = (
                RatingSummary.objects.lock(batch, create=fix)
                if fix
                else RatingSummary.objects.in_bulk(batch)
            )
            fields = summary_fields(article_ids=batch)
            for article_id in batch:
                actual = fields[article_id]
                summary = summaries.get(article_id)
                stored = (
                    {name: getattr(summary, name) for name in actual}
                    if summary
                    else dict.fromkeys(actual, 0)
                )
                if stored != actual or (summary is None and actual["count"]):
                    drifts.append(Drift(article_id, stored, actual))
                    if fix:
                        RatingSummary.objects.filter(pk=article_id).update(
                            **actual, updated_at=timezone.now()
                        )
    return drifts


def purge_old_hashes(*, days: int | None = None, now: datetime | None = None) -> int:
    """Blank the IP, network and user-agent hashes of votes older than `days`
    (default RATINGS_HASH_RETENTION_DAYS), and the network hash of bursts
    that ended before then; scores, states and aggregates stay. Returns how
    many votes were purged (`purge_rating_hashes`, daily)."""
    days = settings.RATINGS_HASH_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    purged = 0
    while True:
        ids = list(
            Vote.objects.with_hashes_older_than(days, now).values_list("pk", flat=True)[
                :PURGE_BATCH
            ]
        )
        if not ids:
            break
        purged += Vote.objects.filter(pk__in=ids).update(
            ip_hash="", network_hash="", user_agent_hash=""
        )
    VoteBurst.objects.filter(last_vote_at__lt=now - timedelta(days=days)).exclude(
        network_hash=""
    ).update(network_hash="")
    return purged
