"""Casting a vote: the vote and its article's summary change in one
transaction, under the lock of the article's summary row (`SELECT ... FOR
UPDATE`, RatingSummaryQuerySet.lock()), which serialises the writes per
article so counts are exact under concurrency and per-article checks cannot
race. Rate limits are in ratings.limits, burst detection in ratings.bursts."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article

from .. import limits
from ..bursts import flag_network_burst
from ..fingerprint import Voter
from ..models import SCORES, RatingSummary, Vote
from ..refusals import AlreadyVoted

VOTER_CONSTRAINT = "rating_vote_one_per_voter"  # see Vote.Meta.constraints


def cast_vote(
    *, article: Article, score: int, voter: Voter, now: datetime | None = None
) -> RatingSummary:
    """Store one reader's vote on an article and update its summary in the
    same transaction; returns the new RatingSummary. Callers find the article
    through Article.objects.published(): only public articles take votes.

    score: stars, 1 to 5 (ValueError otherwise: callers parse it first with
    forms.parse_score). voter: the sender's hashes and voter token
    (fingerprint.Voter). now: the vote's time (default: the clock).

    Raises TooManyVotes (the network's daily quota, or this address's daily
    quota on this article, is used up: ratings.limits), AlreadyVoted (this
    browser's voter token has voted on this article, constraint
    rating_vote_one_per_voter) or VotingUnavailable (the quotas cannot be
    read). Flags a burst (ratings.bursts) when this network has sent
    RATINGS_BURST_VOTES votes on the article within RATINGS_BURST_WINDOW_MINUTES.
    """
    if score not in SCORES:
        raise ValueError(f"score must be one of {SCORES}, not {score!r}")
    now = now or timezone.now()
    limits.check_network_quota(network_hash=voter.network_hash)
    try:
        with transaction.atomic():
            summary = _record_vote(article, score, voter, now)
    except IntegrityError as exc:
        # Nothing of this attempt is kept; the transaction rolled back whole.
        if not is_second_vote(exc):
            raise
        raise AlreadyVoted from None
    limits.count_network_vote(network_hash=voter.network_hash)
    return summary


def is_second_vote(error: IntegrityError) -> bool:
    """Whether an IntegrityError is the unique (article, voter token)
    constraint, i.e. this browser has voted; any other is a fault to report,
    not a reader's second vote."""
    diag = getattr(error.__cause__, "diag", None)  # PostgreSQL names the constraint
    if diag is not None:
        return diag.constraint_name == VOTER_CONSTRAINT
    # SQLite only names the columns ("UNIQUE constraint failed: ...voter_token").
    message = str(error)
    return message.startswith("UNIQUE") and "voter_token" in message


def _record_vote(article, score, voter, now):
    """The writes of cast_vote(), inside its transaction."""
    summary = RatingSummary.objects.lock([article.pk], create=True)[article.pk]
    limits.check_address_quota(article_id=article.pk, ip_hash=voter.ip_hash, now=now)
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
