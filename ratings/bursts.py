"""Suspicious bursts of votes. A burst's votes are held: they leave the
shown aggregate until a moderator accepts or hides the whole burst
(ratings.services.moderation: accept_bursts, hide_burst).

- at vote time, flag_network_burst(): RATINGS_BURST_VOTES votes on one
  article from one network within RATINGS_BURST_WINDOW_MINUTES, or a slow
  drip of RATINGS_DRIP_VOTES within RATINGS_DRIP_WINDOW_HOURS;
- by the `flag_rating_bursts` command, flag_bursts(): network bursts and
  drips the vote-time check could not see (after a change of settings), and
  sudden skews of an article's scores against its history.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from .models import RatingSummary, Vote, VoteBurst
from .services.moderation import recount

logger = logging.getLogger(__name__)


def _windows():
    """(kind, window, votes) of the network rules, the short one first."""
    return [
        (
            VoteBurst.Kind.NETWORK,
            timedelta(minutes=settings.RATINGS_BURST_WINDOW_MINUTES),
            settings.RATINGS_BURST_VOTES,
        ),
        (
            VoteBurst.Kind.DRIP,
            timedelta(hours=settings.RATINGS_DRIP_WINDOW_HOURS),
            settings.RATINGS_DRIP_VOTES,
        ),
    ]


def kind_due(usage):
    """The kind of burst the next vote of a network completes on an article,
    or None; `usage` (ratings.limits.Usage) counts the votes before it."""
    if usage.burst_window + 1 >= settings.RATINGS_BURST_VOTES:
        return VoteBurst.Kind.NETWORK
    if usage.drip_window + 1 >= settings.RATINGS_DRIP_VOTES:
        return VoteBurst.Kind.DRIP
    return None


def flag_network_burst(vote, kind, now):
    """Put the recent votes of this vote's network on this article into an
    open burst of that network (or a new one of `kind`), holding those that
    counted. Called by services.voting.cast_vote() with the article's summary
    locked, once kind_due() said so. Returns how many counting votes were
    held (the caller then recounts the summary)."""
    window = dict((k, w) for k, w, _ in _windows())[kind]
    since = now - window
    recent = Vote.objects.from_network(vote.article_id, vote.network_hash, since)
    burst = (
        VoteBurst.objects.filter(
            article_id=vote.article_id,
            network_hash=vote.network_hash,
            last_vote_at__gte=since,
            hidden_at__isnull=True,
            accepted_at__isnull=True,
        )
        .order_by("-last_vote_at")
        .first()
    )
    if burst is None:
        first = recent.aggregate(first=Min("created_at"))["first"]
        burst = VoteBurst.objects.create(
            article_id=vote.article_id,
            kind=kind,
            network_hash=vote.network_hash,
            first_vote_at=first,
            last_vote_at=now,
        )
    held, added = _join(burst, recent.unflagged())
    VoteBurst.objects.filter(pk=burst.pk).update(
        vote_count=F("vote_count") + added, last_vote_at=now
    )
    logger.info("Rating burst %s on article %s: +%s votes", burst.pk, vote.article_id, added)
    return held


def _join(burst, votes):
    """Put votes into a burst; those that counted (visible, never judged by a
    moderator) are held. Returns (held, added)."""
    held = (
        votes.visible().filter(moderated_at__isnull=True).update(burst=burst, state=Vote.State.HELD)
    )
    return held, held + votes.update(burst=burst)


def flag_bursts(now=None):
    """Look back RATINGS_BURST_SCAN_HOURS (at least RATINGS_DRIP_WINDOW_HOURS)
    for bursts the vote-time check cannot see: network bursts and drips among
    unflagged votes, and sudden skews (see _flag_skews). Their votes are held.
    Returns the new bursts."""
    now = now or timezone.now()
    found = []
    for kind, window, minimum in _windows():
        found += _flag_network_bursts(now, kind, window, minimum)
    return found + _flag_skews(now)


def _flag_network_bursts(now, kind, window, minimum):
    scan = timedelta(
        hours=max(settings.RATINGS_BURST_SCAN_HOURS, settings.RATINGS_DRIP_WINDOW_HOURS)
    )
    rows = (
        Vote.objects.unflagged()
        .filter(created_at__gte=now - scan)
        .exclude(network_hash="")
        .order_by("article_id", "network_hash", "created_at")
        .values_list("pk", "article_id", "network_hash", "created_at")
    )
    groups: dict[tuple[int, str], list[tuple[datetime, int]]] = {}
    for pk, article_id, network_hash, created_at in rows:
        groups.setdefault((article_id, network_hash), []).append((created_at, pk))
    found = []
    for (article_id, network_hash), votes in groups.items():
        for cluster in _dense_clusters(votes, window, minimum):
            found.append(_new_burst(article_id, kind, network_hash, cluster))
    return found


def _dense_clusters(votes, window, minimum):
    """Groups of (time, pk), sorted by time, in which every vote lies in some
    `window` holding at least `minimum` votes; nearby dense stretches merge."""
    dense: set[int] = set()
    left = 0
    for right in range(len(votes)):
        while votes[right][0] - votes[left][0] > window:
            left += 1
        if right - left + 1 >= minimum:
            dense.update(range(left, right + 1))
    clusters: list[list[int]] = []
    current: list[int] = []
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
    since = now - timedelta(minutes=settings.RATINGS_SKEW_WINDOW_MINUTES)
    window_votes = Vote.objects.visible().filter(created_at__gte=since, created_at__lte=now)
    busy = [
        row["article_id"]
        for row in window_votes.order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.RATINGS_SKEW_MIN_VOTES)
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
        if prior_count < settings.RATINGS_SKEW_MIN_PRIOR_VOTES:
            continue
        prior_mean = (summary.total - recent["total"]) / prior_count
        recent_mean = recent["total"] / recent["count"]
        if abs(recent_mean - prior_mean) < settings.RATINGS_SKEW_DELTA:
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
        members = Vote.objects.unflagged().filter(pk__in=[pk for _, pk in members])
        held, added = _join(burst, members)
        VoteBurst.objects.filter(pk=burst.pk).update(vote_count=added)
        burst.vote_count = added
        if held:
            recount(article_ids=[article_id])
    return burst
