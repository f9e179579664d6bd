"""Use cases of the ratings app, one function each. Views, admin actions and
management commands all go through these, so every path keeps the same rules:

- a vote and its article's summary change in one transaction;
- all writes touching an article's ratings first lock that article's summary
  row (`SELECT ... FOR UPDATE`), which serialises them per article, so counts
  are exact under concurrency and per-article checks cannot race;
- every moderation change is recorded in the admin log (LogEntry).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Count, F, FloatField, Min, Value
from django.db.models.functions import Cast
from django.utils import timezone

from articles.models import Article

from . import ratelimit
from .conf import conf
from .models import SCORES, RatingSummary, Vote, VoteBurst

logger = logging.getLogger(__name__)

ALREADY_RATED = "Bạn đã đánh giá bài viết này"
TOO_MANY_VOTES = "Bạn gửi quá nhiều đánh giá, vui lòng thử lại sau"
DEFAULT_PRIOR_MEAN = 3.0
BATCH = 500


class VoteRefused(Exception):
    """A vote the rules turn down; `status` is the HTTP status that says why."""

    status = 400

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class AlreadyVoted(VoteRefused):
    status = 409

    def __init__(self):
        super().__init__(ALREADY_RATED)


class TooManyVotes(VoteRefused):
    status = 429

    def __init__(self, retry_after):
        super().__init__(TOO_MANY_VOTES, retry_after=max(1, int(retry_after)))


# Voting


def cast_vote(article, score, voter, now=None):
    """Store one reader's vote on an article and update its summary in the
    same transaction. Returns the new RatingSummary. Callers find the article
    through Article.objects.published(): only public articles take votes.

    Raises TooManyVotes (the network's daily quota, or this address's daily
    quota on this article, is used up) or AlreadyVoted (this browser's voter
    token has voted on this article). Flags a burst when this network has sent
    RATINGS_BURST_VOTES votes on the article within RATINGS_BURST_WINDOW_MINUTES.
    """
    if score not in SCORES:
        raise ValueError(f"score must be one of {SCORES}, not {score!r}")
    now = now or timezone.now()
    try:
        ratelimit.check(ratelimit.VOTES, voter.network_hash)
    except ratelimit.RateLimited as exc:
        raise TooManyVotes(exc.retry_after) from None

    try:
        with transaction.atomic():
            summary = _record_vote(article, score, voter, now)
    except IntegrityError:
        # The unique (article, voter token) constraint: this browser has voted.
        # Nothing of this attempt is kept; the transaction rolled back whole.
        raise AlreadyVoted from None
    ratelimit.count(ratelimit.VOTES, voter.network_hash)
    return summary


def _record_vote(article, score, voter, now):
    """The writes of cast_vote(), inside its transaction."""
    summary = _lock_summaries([article.pk], create=True)[article.pk]
    _check_address_quota(article.pk, voter.ip_hash, now)
    vote = Vote.objects.create(
        article_id=article.pk,
        score=score,
        created_at=now,
        ip_hash=voter.ip_hash,
        network_hash=voter.network_hash,
        user_agent_hash=voter.user_agent_hash,
        voter_token=voter.token,
    )
    RatingSummary.objects.filter(pk=article.pk).update(
        count=F("count") + 1,
        total=F("total") + score,
        **{f"count_{score}": F(f"count_{score}") + 1},
        updated_at=now,
    )
    # The row is locked: the values read plus this vote are the stored ones.
    summary.count += 1
    summary.total += score
    setattr(summary, f"count_{score}", getattr(summary, f"count_{score}") + 1)
    summary.updated_at = now
    _flag_network_burst(vote, now)
    return summary


def _check_address_quota(article_id, ip_hash, now):
    since = now - timedelta(days=1)
    recent = Vote.objects.from_address(article_id, ip_hash, since).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    if recent["n"] >= conf.MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY:
        raise TooManyVotes((recent["oldest"] + timedelta(days=1) - now).total_seconds())


def _flag_network_burst(vote, now):
    """Put the recent votes of this vote's network on this article in a burst
    once there are RATINGS_BURST_VOTES of them within the window. One indexed
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
    added = recent.filter(burst__isnull=True).update(burst=burst)
    VoteBurst.objects.filter(pk=burst.pk).update(
        vote_count=F("vote_count") + added, last_vote_at=now
    )
    logger.info("Rating burst %s on article %s: +%s votes", burst.pk, vote.article_id, added)
    return burst


# Reading


def summary_for(article):
    """The article's summary; an empty, unsaved one if nobody has voted yet.
    Uses the row select_related() fetched, if any."""
    try:
        return article.rating_summary
    except RatingSummary.DoesNotExist:
        return RatingSummary(article=article)


def bayesian_prior():
    """(C, m) of the Bayesian average; see top_rated_articles()."""
    mean = conf.BAYES_PRIOR_MEAN
    if mean == "portal":
        mean = RatingSummary.objects.portal_mean() or DEFAULT_PRIOR_MEAN
    return float(conf.BAYES_PRIOR_VOTES), float(mean)


def top_rated_articles(limit=5):
    """Public articles ranked by their Bayesian average, best first.

        B = (C * m + S) / (C + n)

    n is the number of visible votes on the article and S the sum of their
    scores (so S / n is its plain average). Every article starts as if it
    already had C votes of m stars: C = RATINGS_BAYES_PRIOR_VOTES (default
    10) and m = RATINGS_BAYES_PRIOR_MEAN (default 3.0, the middle of the
    scale; "portal" uses the mean of all votes on the portal instead). A few
    votes barely move an article away from m; many votes bring B close to
    the plain average. With the defaults, one 5-star vote gives
    (30 + 5) / 11 = 3.18, while 300 votes averaging 4.6 give
    (30 + 1380) / 310 = 4.55. A fixed m below the usual scores keeps that
    order even on a portal whose readers mostly give 4 or 5 stars (with m at
    a portal mean of 4.7, the single 5-star vote would win). Ties go to the
    article with more votes, then the newer one. One query (two with
    "portal"), whatever the number of votes.

    Each article carries `rating_count`, `rating_average` and `rating_score` (B).
    """
    prior_votes, prior_mean = bayesian_prior()
    count = Cast(F("rating_summary__count"), FloatField())
    total = Cast(F("rating_summary__total"), FloatField())
    return list(
        Article.objects.published()
        .for_listing()
        .filter(rating_summary__count__gt=0)
        .annotate(
            rating_count=F("rating_summary__count"),
            rating_average=total / count,
            rating_score=(Value(prior_votes * prior_mean) + total) / (Value(prior_votes) + count),
        )
        .order_by("-rating_score", "-rating_count", "-published_at", "-pk")[:limit]
    )


# Moderation


def hide_votes(votes, actor, now=None):
    """Hide votes (they stop counting); returns how many changed."""
    return _set_state(votes, Vote.State.HIDDEN, actor, "Ẩn đánh giá", now)


def unhide_votes(votes, actor, now=None):
    """Show hidden votes again; returns how many changed."""
    return _set_state(votes, Vote.State.VISIBLE, actor, "Hiện lại đánh giá", now)


def delete_votes(votes, actor):
    """Delete votes for good; returns how many."""
    with transaction.atomic():
        ids, article_ids = _ids_and_articles(votes)
        _lock_summaries(article_ids)
        doomed = list(Vote.objects.filter(pk__in=ids).select_for_update())
        if not doomed:
            return 0
        LogEntry.objects.log_actions(actor.pk, doomed, DELETION, change_message="Xoá đánh giá")
        Vote.objects.filter(pk__in=[v.pk for v in doomed]).delete()
        _recount(article_ids)
        _refresh_burst_counts(article_ids)
    return len(doomed)


def hide_burst(bursts, actor, now=None):
    """Hide every vote of the given bursts at once; returns how many votes changed."""
    now = now or timezone.now()
    with transaction.atomic():
        burst_list = list(VoteBurst.objects.filter(pk__in=_pks(bursts)))
        if not burst_list:
            return 0
        hidden = hide_votes(Vote.objects.filter(burst__in=burst_list), actor, now)
        VoteBurst.objects.filter(pk__in=[b.pk for b in burst_list]).update(
            hidden_at=now, hidden_by=actor
        )
        LogEntry.objects.log_actions(
            actor.pk,
            burst_list,
            CHANGE,
            change_message=f"Ẩn đợt đánh giá bất thường ({hidden} lượt)",
        )
    return hidden


def reset_ratings(article, actor, now=None):
    """Delete all votes and bursts of an article and zero its summary;
    returns how many votes were deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        summary = _lock_summaries([article.pk], create=True)[article.pk]
        deleted = Vote.objects.filter(article_id=article.pk).count()
        Vote.objects.filter(article_id=article.pk).delete()
        VoteBurst.objects.filter(article_id=article.pk).delete()
        RatingSummary.objects.filter(pk=article.pk).update(
            count=0, total=0, count_1=0, count_2=0, count_3=0, count_4=0, count_5=0, updated_at=now
        )
        LogEntry.objects.log_actions(
            actor.pk,
            [summary],
            CHANGE,
            change_message=f"Đặt lại đánh giá: đã xoá {deleted} lượt đánh giá",
        )
    return deleted


def _set_state(votes, state, actor, message, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        ids, article_ids = _ids_and_articles(votes)
        _lock_summaries(article_ids)
        changed = list(
            Vote.objects.filter(pk__in=ids).exclude(state=state).select_for_update().order_by("pk")
        )
        if not changed:
            return 0
        Vote.objects.filter(pk__in=[v.pk for v in changed]).update(
            state=state, moderated_by=actor, moderated_at=now
        )
        _recount(article_ids, now)
        LogEntry.objects.log_actions(actor.pk, changed, CHANGE, change_message=message)
    return len(changed)


def _pks(objects):
    if hasattr(objects, "values_list"):
        return list(objects.values_list("pk", flat=True))
    return [getattr(obj, "pk", obj) for obj in objects]


def _ids_and_articles(votes):
    if hasattr(votes, "values_list"):
        rows = list(votes.values_list("pk", "article_id"))
    else:
        rows = [(v.pk, v.article_id) for v in votes]
    return [pk for pk, _ in rows], sorted({article_id for _, article_id in rows})


def _lock_summaries(article_ids, create=False):
    """Lock the summary rows of these articles (creating missing ones when
    `create`), always in primary-key order so that two writers cannot
    deadlock. Returns {article_id: RatingSummary}."""
    article_ids = sorted(set(article_ids))
    if not article_ids:
        return {}
    locked = RatingSummary.objects.select_for_update().filter(pk__in=article_ids).order_by("pk")
    summaries = {summary.pk: summary for summary in locked}
    missing = [pk for pk in article_ids if pk not in summaries]
    if create and missing:  # an article's first vote: rare, so checked after the read
        RatingSummary.objects.bulk_create(
            [RatingSummary(article_id=pk) for pk in missing], ignore_conflicts=True
        )
        summaries.update(
            (summary.pk, summary)
            for summary in RatingSummary.objects.select_for_update()
            .filter(pk__in=missing)
            .order_by("pk")
        )
    return summaries


def _recount(article_ids, now=None):
    """Recompute the summaries of these (locked) articles from their visible votes."""
    now = now or timezone.now()
    histograms = Vote.objects.visible().filter(article_id__in=article_ids).histograms()
    for article_id in article_ids:
        histogram = histograms.get(article_id, {})
        RatingSummary.objects.filter(pk=article_id).update(
            **_summary_fields(histogram), updated_at=now
        )


def _summary_fields(histogram):
    fields = {f"count_{n}": histogram.get(n, 0) for n in SCORES}
    fields["count"] = sum(histogram.get(n, 0) for n in SCORES)
    fields["total"] = sum(n * histogram.get(n, 0) for n in SCORES)
    return fields


def _refresh_burst_counts(article_ids):
    for burst in VoteBurst.objects.filter(article_id__in=article_ids).annotate(n=Count("votes")):
        if burst.n != burst.vote_count:
            VoteBurst.objects.filter(pk=burst.pk).update(vote_count=burst.n)


# Maintenance


@dataclass(frozen=True)
class Drift:
    article_id: int
    stored: dict
    actual: dict


def rebuild_summaries(fix=True):
    """Recompute every summary from the votes; returns the list of Drift
    (summaries that did not match). With `fix`, the drifted rows are
    corrected, each batch under the summary locks so votes arriving meanwhile
    are neither lost nor counted twice."""
    drifts = []
    article_ids = sorted(
        set(Vote.objects.order_by().values_list("article_id", flat=True).distinct())
        | set(RatingSummary.objects.values_list("pk", flat=True))
    )
    for start in range(0, len(article_ids), BATCH):
        batch = article_ids[start : start + BATCH]
        with transaction.atomic():
            summaries = _lock_summaries(batch, create=fix) if fix else _summaries(batch)
            histograms = Vote.objects.visible().filter(article_id__in=batch).histograms()
            for article_id in batch:
                actual = _summary_fields(histograms.get(article_id, {}))
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


def _summaries(article_ids):
    return {s.pk: s for s in RatingSummary.objects.filter(pk__in=article_ids)}


def purge_old_hashes(days=None, now=None):
    """Blank the IP, network and user-agent hashes of votes older than `days`
    (RATINGS_HASH_RETENTION_DAYS); scores, states and aggregates stay.
    Returns how many votes were purged."""
    days = conf.HASH_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    purged = 0
    while True:
        ids = list(
            Vote.objects.with_hashes_older_than(days, now).values_list("pk", flat=True)[:5000]
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


def flag_bursts(now=None):
    """Look back RATINGS_BURST_SCAN_HOURS for bursts the vote-time check
    cannot see: network bursts among unflagged votes, and sudden skews (see
    _flag_skews). Returns the new or extended bursts."""
    now = now or timezone.now()
    return _flag_network_bursts(now) + _flag_skews(now)


def _flag_network_bursts(now):
    window = timedelta(minutes=conf.BURST_WINDOW_MINUTES)
    rows = (
        Vote.objects.filter(
            created_at__gte=now - timedelta(hours=conf.BURST_SCAN_HOURS), burst__isnull=True
        )
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
    summaries = _summaries(busy)
    found = []
    for article_id in busy:
        recent = _summary_fields(histograms.get(article_id, {}))
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
            window_votes.filter(article_id=article_id, burst__isnull=True, **side)
            .order_by("created_at")
            .values_list("created_at", "pk")
        )
        if members:
            found.append(_new_burst(article_id, VoteBurst.Kind.SKEW, "", members))
    return found


def _new_burst(article_id, kind, network_hash, members):
    with transaction.atomic():
        _lock_summaries([article_id])
        burst = VoteBurst.objects.create(
            article_id=article_id,
            kind=kind,
            network_hash=network_hash,
            first_vote_at=members[0][0],
            last_vote_at=members[-1][0],
        )
        added = Vote.objects.filter(pk__in=[pk for _, pk in members], burst__isnull=True).update(
            burst=burst
        )
        VoteBurst.objects.filter(pk=burst.pk).update(vote_count=added)
        burst.vote_count = added
    return burst
