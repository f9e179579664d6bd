"""Use cases of the ratings app, one function each. Views, admin actions and
management commands all go through these, so every path keeps the same rules:

- a vote and its article's summary change in one transaction;
- all writes touching an article's ratings first lock that article's summary
  row (`SELECT ... FOR UPDATE`), which serialises them per article, so counts
  are exact under concurrency and per-article checks cannot race;
- every moderation change is recorded in the admin log (LogEntry).

Burst detection is in bursts.py, the summary row lock in
RatingSummaryQuerySet.lock().
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Count, F, FloatField, Min
from django.db.models.functions import Cast
from django.utils import timezone

from articles.models import Article

from . import messages, ratelimit
from .bursts import flag_network_burst
from .conf import conf
from .models import DEFAULT_PRIOR_MEAN, SCORES, RatingSummary, Vote, VoteBurst, bayesian_score

logger = logging.getLogger(__name__)

VOTER_CONSTRAINT = "rating_vote_one_per_voter"  # see Vote.Meta.constraints
BATCH = 500


class VoteRefused(Exception):
    """A vote (or an attempt at one) the rules turn down; `status` is the
    HTTP status that says why."""

    status = 400

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class AlreadyVoted(VoteRefused):
    status = 409

    def __init__(self):
        super().__init__(messages.ALREADY_RATED)


class TooManyVotes(VoteRefused):
    status = 429

    def __init__(self, retry_after):
        super().__init__(messages.TOO_MANY_VOTES, retry_after=max(1, int(retry_after)))


class VotingUnavailable(VoteRefused):
    """The rate-limit counters cannot be reached: nothing is accepted until
    they can, since no limit would hold meanwhile."""

    status = 503

    def __init__(self, retry_after):
        super().__init__(messages.UNAVAILABLE, retry_after=max(1, int(retry_after)))


@contextmanager
def _limits():
    """Rate-limit outcomes as the refusals callers answer with."""
    try:
        yield
    except ratelimit.RateLimited as exc:
        raise TooManyVotes(exc.retry_after) from None
    except ratelimit.Unavailable as exc:
        raise VotingUnavailable(exc.retry_after) from None


# Voting


def count_attempt(network_hash):
    """Count one attempt of a network (a captcha asked for or shown, a vote
    sent, right or wrong). Raises TooManyVotes once the network has used up
    RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR, VotingUnavailable while the
    counters cannot be reached."""
    with _limits():
        ratelimit.hit(ratelimit.ATTEMPTS, network_hash)


def cast_vote(article, score, voter, now=None):
    """Store one reader's vote on an article and update its summary in the
    same transaction. Returns the new RatingSummary. Callers find the article
    through Article.objects.published(): only public articles take votes.

    Raises TooManyVotes (the network's daily quota, or this address's daily
    quota on this article, is used up), AlreadyVoted (this browser's voter
    token has voted on this article) or VotingUnavailable (the network's quota
    cannot be read). Flags a burst when this network has sent
    RATINGS_BURST_VOTES votes on the article within RATINGS_BURST_WINDOW_MINUTES.
    """
    if score not in SCORES:
        raise ValueError(f"score must be one of {SCORES}, not {score!r}")
    now = now or timezone.now()
    with _limits():
        ratelimit.check(ratelimit.VOTES, voter.network_hash)

    try:
        with transaction.atomic():
            summary = _record_vote(article, score, voter, now)
    except IntegrityError as exc:
        # Nothing of this attempt is kept; the transaction rolled back whole.
        if not _is_second_vote(exc):
            raise
        raise AlreadyVoted from None
    _count_vote(voter.network_hash)
    return summary


def _is_second_vote(error):
    """Whether an IntegrityError is the unique (article, voter token)
    constraint, i.e. this browser has voted; any other is a fault to report,
    not a reader's second vote."""
    diag = getattr(error.__cause__, "diag", None)  # PostgreSQL names the constraint
    if diag is not None:
        return diag.constraint_name == VOTER_CONSTRAINT
    # SQLite only names the columns ("UNIQUE constraint failed: ...voter_token").
    message = str(error)
    return message.startswith("UNIQUE") and "voter_token" in message


def _count_vote(network_hash):
    """Count a stored vote against its network's daily quota. The vote is
    committed by now: a count lost (the cache went down since the check)
    costs at most a vote over the quota, while an error here would tell the
    reader a stored vote had failed."""
    try:
        ratelimit.count(ratelimit.VOTES, network_hash)
    except Exception:
        logger.exception("Rating vote stored but not counted against its network's quota")


def _record_vote(article, score, voter, now):
    """The writes of cast_vote(), inside its transaction."""
    summary = RatingSummary.objects.lock([article.pk], create=True)[article.pk]
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
    flag_network_burst(vote, now)
    return summary


def _check_address_quota(article_id, ip_hash, now):
    since = now - timedelta(days=1)
    recent = Vote.objects.from_address(article_id, ip_hash, since).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    if recent["n"] >= conf.MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY:
        raise TooManyVotes((recent["oldest"] + timedelta(days=1) - now).total_seconds())


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
    return list(top_rated_queryset(limit))


def top_rated_queryset(limit=5):
    """The query behind top_rated_articles(), unevaluated."""
    prior_votes, prior_mean = bayesian_prior()
    count = Cast(F("rating_summary__count"), FloatField())
    total = Cast(F("rating_summary__total"), FloatField())
    return (
        Article.objects.published()
        .for_listing()
        .filter(rating_summary__count__gt=0)
        .annotate(
            rating_count=F("rating_summary__count"),
            rating_average=total / count,
            rating_score=bayesian_score(prior_votes, prior_mean, prefix="rating_summary__"),
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
        article_ids = _articles_of(votes)
        RatingSummary.objects.lock(article_ids)
        doomed = list(_selected_under_lock(votes, article_ids).select_for_update().order_by("pk"))
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
        # The bursts' articles, not their current votes: cast_vote() may add a
        # vote to a burst until we hold the summary lock, and that vote must
        # be hidden with the others.
        RatingSummary.objects.lock([burst.article_id for burst in burst_list])
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
        summary = RatingSummary.objects.lock([article.pk], create=True)[article.pk]
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
        article_ids = _articles_of(votes)
        RatingSummary.objects.lock(article_ids)
        changed = list(
            _selected_under_lock(votes, article_ids)
            .exclude(state=state)
            .select_for_update()
            .order_by("pk")
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


def _articles_of(votes):
    """The sorted ids of the articles of these votes (a queryset or Votes)."""
    if hasattr(votes, "values_list"):
        return sorted(set(votes.order_by().values_list("article_id", flat=True).distinct()))
    return sorted({vote.article_id for vote in votes})


def _selected_under_lock(votes, article_ids):
    """The votes again, as a query to run once their summaries are locked: a
    queryset's conditions are then read afresh, so a vote cast while the
    moderator waited for the lock is included if it matches. Only votes of
    the locked articles are ever touched."""
    if hasattr(votes, "values_list"):
        chosen = Vote.objects.filter(pk__in=votes.order_by().values("pk"))
    else:
        chosen = Vote.objects.filter(pk__in=[vote.pk for vote in votes])
    return chosen.filter(article_id__in=article_ids)


def _recount(article_ids, now=None):
    """Recompute the summaries of these (locked) articles from their visible votes."""
    now = now or timezone.now()
    histograms = Vote.objects.visible().filter(article_id__in=article_ids).histograms()
    for article_id in article_ids:
        histogram = histograms.get(article_id, {})
        RatingSummary.objects.filter(pk=article_id).update(
            **RatingSummary.fields_for(histogram), updated_at=now
        )


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
            summaries = (
                RatingSummary.objects.lock(batch, create=fix)
                if fix
                else RatingSummary.objects.in_bulk(batch)
            )
            histograms = Vote.objects.visible().filter(article_id__in=batch).histograms()
            for article_id in batch:
                actual = RatingSummary.fields_for(histograms.get(article_id, {}))
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
