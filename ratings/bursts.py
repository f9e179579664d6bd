"""Suspicious bursts of votes, flagged for moderators to review (hiding a
burst is in ratings.services.moderation.hide_burst):

- at vote time, flag_network_burst(): RATINGS_BURST_VOTES votes on one
  article from one network within RATINGS_BURST_WINDOW_MINUTES;
- by the `flag_rating_bursts` command, flag_bursts(): network bursts the
  vote-time check could not see, and sudden skews of an article's scores.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from .conf import conf
from .models import RatingSummary, Vote, VoteBurst

logger = logging.getLogger(__name__)


def flag_network_burst(vote, now):
    """Put the recent votes of this vote's network on this article in a burst
    once there are RATINGS_BURST_VOTES of them within the window. Called by
    services.voting.cast_vote() with the article's summary locked. One indexed
    count per vote (rating_vote_net_idx); more only when a burst is found."""
    if not vote.network_hash:
        return None
    since = now - timedelta(minutes=conf.BURST_WINDOW_MINUTES)
    recent = Vote.objects.from_network(vote.article_id, vote.network_hash, since)
    if recent.count() < conf.BURST_VOTES:
        return None
    burst = (
        VoteBurst.objects.filter(
            article_id=vote.article_id,
            kind=VoteBurst.Kind.NETWORK,
            network_hash=vote.network_hash,
            last_vote_at__gte=since,
            hidden_at__isnull=True,
        )
        .order_by("-last_vote_at")
        .first()
    )
    if burst is None:
        first = recent.aggregate(first=Min("created_at"))["first"]
        burst = VoteBurst.objects.create(
            article_id=vote.article_id,
            kind=VoteBurst.Kind.NETWORK,
            network_hash=vote.network_hash,
            first_vote_at=first,
            last_vote_at=now,
        )
    added = recent.unflagged().update(burst=burst)
    VoteBurst.objects.filter(pk=burst.pk).update(
        vote_count=F("vote_count") + added, last_vote_at=now
    )
    logger.info("Rating burst %s on article %s: +%s votes", burst.pk, vote.article_id, added)
    return burst


def flag_bursts(now=None):
    """Look back RATINGS_BURST_SCAN_HOURS for bursts the vote-time check
    cannot see: network bursts among unflagged votes, and sudden skews (see
    _flag_skews). Returns the new or extended bursts."""
    now = now or timezone.now()
    return _flag_network_bursts(now) + _flag_skews(now)


def _flag_network_bursts(now):
    window = timedelta(minutes=conf.BURST_WINDOW_MINUTES)
    rows = (
        Vote.objects.unflagged()
        .filter(created_at__gte=now - timedelta(hours=conf.BURST_SCAN_HOURS))
        .exclude(network_hash="")
        .order_by("article_id", "network_hash", "created_at")
        .values_list("pk", "article_id", "network_hash", "created_at")
    )
    groups = {}
    for pk, article_id, network_hash, created_at in rows:
        groups.setdefault((article_id, network_hash), []).append((created_at, pk))
    found = []
    for (article_id, network_hash), votes in groups.items():
        for cluster in _dense_clusters(votes, window, conf.BURST_VOTES):
            found.append(_new_burst(article_id, VoteBurst.Kind.NETWORK, network_hash, cluster))
    return found


def _dense_clusters(votes, window, minimum):
    """Groups of (time, pk), sorted by time, in which every vote lies in some
    `window` holding at least `minimum` votes; nearby dense stretches merge."""
    dense = set()
    left = 0
    for right in range(len(votes)):
        while votes[right][0] - votes[left][0] > window:
            left += 1
        if right - left + 1 >= minimum:
            dense.update(range(left, right + 1))
    clusters, current = [], []
    for index in sorted(dense):
        if current and votes[index][0] - votes[current[-1]][0] > window:
            clusters.append(current)
            current = []
        current.append(index)
    if current:
        clusters.append(current)
    return [[votes[i] for i in cluster] for cluster in clusters]


def _flag_skews(now):
    """A sudden skew: in the last RATINGS_SKEW_WINDOW_MINUTES an article got at
    least RATINGS_SKEW_MIN_VOTES visible votes whose average lies
    RATINGS_SKEW_DELTA stars or more from the average of its earlier votes
    (of which there are at least RATINGS_SKEW_MIN_PRIOR_VOTES). The window's
    unflagged votes nearer the window's average than the earlier average
    form the burst."""
    since = now - timedelta(minutes=conf.SKEW_WINDOW_MINUTES)
    window_votes = Vote.objects.visible().filter(created_at__gte=since, created_at__lte=now)
    busy = [
        row["article_id"]
        for row in window_votes.order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=conf.SKEW_MIN_VOTES)
    ]
    if not busy:
        return []
    histograms = window_votes.filter(article_id__in=busy).histograms()
    summaries = RatingSummary.objects.in_bulk(busy)
    found = []
    for article_id in busy:
        recent = RatingSummary.fields_for(histograms.get(article_id, {}))
        summary = summaries.get(article_id)
        if summary is None:
            continue
        prior_count = summary.count - recent["count"]
        if prior_count < conf.SKEW_MIN_PRIOR_VOTES:
            continue
        prior_mean = (summary.total - recent["total"]) / prior_count
        recent_mean = recent["total"] / recent["count"]
        if abs(recent_mean - prior_mean) < conf.SKEW_DELTA:
            continue
        # Votes nearer the window's average than the earlier one make the skew.
        middle = (prior_mean + recent_mean) / 2
        side = {"score__gt": middle} if recent_mean > prior_mean else {"score__lt": middle}
        members = list(
            window_votes.unflagged()
            .filter(article_id=article_id, **side)
            .order_by("created_at")
            .values_list("created_at", "pk")
        )
        if members:
            found.append(_new_burst(article_id, VoteBurst.Kind.SKEW, "", members))
    return found


def _new_burst(article_id, kind, network_hash, members):
    with transaction.atomic():
        RatingSummary.objects.lock([article_id])
        burst = VoteBurst.objects.create(
            article_id=article_id,
            kind=kind,
            network_hash=network_hash,
            first_vote_at=members[0][0],
            last_vote_at=members[-1][0],
        )
        added = (
            Vote.objects.unflagged().filter(pk__in=[pk for _, pk in members]).update(burst=burst)
        )
        VoteBurst.objects.filter(pk=burst.pk).update(vote_count=added)
        burst.vote_count = added
    return burst
