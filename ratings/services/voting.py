"""Casting a vote: the vote and its article's summary change in one
transaction, under the lock of the article's summary row (`SELECT ... FOR
UPDATE`, ratings.vote_sql.lock_summary()), which serialises the writes per
article so counts are exact under concurrency and per-article checks cannot
race. Quotas are read by ratings.limits, bursts flagged by ratings.bursts.

Which votes count at once (docs/ratings.md, "Against vote stuffing, and for
privacy"): the first vote of an address (an IPv4 address, an IPv6 /64) on an
article in 24 hours, unless it belongs to a burst. Later votes of that
address on that article (up to its quota) and the votes of a burst are stored
but held: they stay out of the shown average, count and histogram until a
moderator accepts them."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Article

from .. import bursts, limits, vote_sql
from ..fingerprint import Voter
from ..models import SCORES, RatingSummary, Vote
from ..refusals import AlreadyVoted, ArticleNotPublic, VoteRefused
from .moderation import recount


@dataclass(frozen=True)
class Ballot:
    """A stored vote: the article's summary after it, and whether the vote
    is held for review (then the summary's shown figures did not change)."""

    summary: RatingSummary
    held: bool


def cast_vote(*, article: Article, score: int, voter: Voter, now: datetime | None = None) -> Ballot:
    """Store one reader's vote on an article and update its summary in the
    same transaction. Only public articles take votes
    (Article.objects.published(), checked as the summary is locked).

    score: stars, 1 to 5 (ValueError otherwise: callers parse it first with
    forms.parse_score). voter: the sender's hashes and voter token
    (fingerprint.Voter). now: the vote's time (default: the clock).

    Joins the caller's transaction without a savepoint, so the API uses the
    captcha up and stores the vote in one commit; a refusal is raised only
    once the block is left cleanly, so the caller's transaction still commits
    what came before (the used captcha).

    Raises ArticleNotPublic, TooManyVotes (a daily quota of ratings.limits
    is used up) or AlreadyVoted (this browser's voter token has voted on this article,
    constraint rating_vote_one_per_voter)."""
    if score not in SCORES:
        raise ValueError(f"score must be one of {SCORES}, not {score!r}")
    now = now or timezone.now()
    with transaction.atomic(savepoint=False):
        outcome = _record_vote(article, score, voter, now)
    if isinstance(outcome, VoteRefused):
        raise outcome
    return outcome


def _record_vote(article, score, voter, now):
    """The writes of cast_vote(), inside its transaction: a Ballot, or the
    refusal to raise once the transaction block is left."""
    if not vote_sql.lock_summary(article.pk):
        return ArticleNotPublic()
    usage = limits.usage_of(article_id=article.pk, voter=voter, now=now)
    refusal = limits.quota_refusal(usage, now)
    if refusal is not None:
        return refusal
    burst_kind = bursts.kind_due(usage)
    held = usage.address_on_article > 0 or burst_kind is not None
    vote = {
        "article_id": article.pk,
        "score": score,
        "created_at": now,
        "ip_hash": voter.ip_hash,
        "network_hash": voter.network_hash,
        "user_agent_hash": voter.user_agent_hash,
        "voter_token": voter.token,
        "state": Vote.State.HELD if held else Vote.State.VISIBLE,
    }
    changes = {"held": 1} if held else {"count": 1, "total": score, f"count_{score}": 1}
    # The row is locked: the summary returned is the one this vote leaves.
    stored = vote_sql.store_vote(vote, changes, now)
    if stored is None:
        return AlreadyVoted()
    vote_id, summary = stored
    if burst_kind is not None and bursts.flag_network_burst(
        Vote(pk=vote_id, **vote), burst_kind, now
    ):
        # Votes that counted joined the burst and are held now.
        recount(article_ids=[article.pk], now=now)
        summary.refresh_from_db()
    return Ballot(summary, held)
