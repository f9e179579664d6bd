"""Every rate limit on votes, in one module that raises (or returns) the
refusal callers answer with (ratings.refusals): TooManyVotes over a limit,
VotingUnavailable while the attempt counter cannot be reached.

- attempts: captchas issued and votes sent (right or wrong), per network per
  clock hour
  (RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR), counted in the cache
  (RATINGS_CACHE_ALIAS, Redis in production) with one round trip. While the
  cache cannot be reached attempts fail closed: without the counter no limit
  would hold. Losing the counter (a Redis restart) frees at most one hour.
- plain votes: votes sent without the widget's proof of work (the rating page
  for readers without JavaScript), per network per clock hour
  (RATINGS_MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR, lower), counted the same way.
- the daily quotas, counted from the stored votes in PostgreSQL, so nothing a
  cache loses resets them: RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY per
  address (an IPv4 address, an IPv6 /64) and article, and
  RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY per network (IPv4 /24, IPv6 /48), all
  articles, over the 24 hours before the vote. Read by usage_of() in one
  index-only scan (rating_vote_net_day_idx) with the counts burst detection
  needs, under the article's summary lock, so two votes on one article cannot
  both take the last place; votes on different articles may overshoot the
  network quota by a few.

Held votes count against the quotas like the others: a quota bounds what one
address or network may store, whatever a moderator later decides.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from core.cache import CACHE_ERRORS

from . import rawsql
from .fingerprint import Voter, network_hash_of_request
from .models import Vote
from .refusals import ListenedEnough, TooManyVotes, VotingUnavailable

HOUR = 3600
DAY = timedelta(days=1)
# Showings (image at either scale, or audio) of one issued captcha; a
# captcha's image and audio count against no network (made-up and used keys
# are answered 404/410 before anything is counted).
SHOWINGS_PER_CAPTCHA = 12


def count_attempt(*, network_hash: str, now: float | None = None) -> int:
    """Count one attempt of a network (a captcha issued, a vote sent, right
    or wrong), whatever its outcome; returns the attempts of
    this clock hour, this one included.

    network_hash: the network's keyed hash (fingerprint.Voter.network_hash).
    now: Unix time in seconds (default: the clock).
    Raises TooManyVotes past RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR (with
    the seconds left in the hour), VotingUnavailable while the cache cannot be
    reached."""
    limits = {"attempts": settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR}
    return _count_hourly(limits, network_hash, now)["attempts"]


def count_plain_vote(*, network_hash: str, now: float | None = None) -> int:
    """Count one vote a network sent without a proof of work (the plain
    rating page), right or wrong, both as an attempt (count_attempt) and
    against the lower RATINGS_MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR (that
    path costs a script only the captcha), in one round trip; returns the
    plain votes of this clock hour.

    The same arguments and refusals as count_attempt()."""
    limits = {
        "attempts": settings.RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR,
        "plain": settings.RATINGS_MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR,
    }
    return _count_hourly(limits, network_hash, now)["plain"]


def _count_hourly(limits, network_hash, now):
    """Count one more of each kind in `limits` ({kind: its hourly limit}) for
    the network, in one round trip; {kind: count}. Raises as count_attempt()."""
    now = time.time() if now is None else now
    start = int(now // HOUR) * HOUR
    keys = [f"ratings:rl:{kind}:{network_hash[:32]}:{start}" for kind in limits]
    try:
        counts = _increment_many(caches[settings.RATINGS_CACHE_ALIAS], keys, timeout=HOUR + 60)
    except CACHE_ERRORS as exc:
        raise VotingUnavailable from exc
    used = dict(zip(limits, counts, strict=True))
    if any(used[kind] > limit for kind, limit in limits.items()):
        raise TooManyVotes(start + HOUR - now)
    return used


def _increment_many(cache, keys, timeout):
    """_increment() for each key: one round trip on Redis."""
    increment_many = getattr(cache, "increment_expiring_many", None)
    if increment_many is not None:
        return increment_many(keys, timeout)
    return [_increment(cache, key, timeout) for key in keys]


def _increment(cache, key, timeout):
    """Add one to a counter that expires `timeout` seconds after it starts.
    Redis (core.cache.PortalRedisCache): one round trip (a Lua script).
    Other caches: add() then incr()."""
    increment = getattr(cache, "increment_expiring", None)
    if increment is not None:
        return increment(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def count_showing(*, key: str, lifetime_seconds: int) -> None:
    """Count one showing of the captcha `key`, so that what drawing and
    reading cost stays tied to the captchas counted as attempts.

    lifetime_seconds: how long the captcha lives (the counter a minute more).
    Raises TooManyVotes past SHOWINGS_PER_CAPTCHA, VotingUnavailable while
    the cache cannot be reached."""
    try:
        shown = _increment(
            caches[settings.RATINGS_CACHE_ALIAS], f"ratings:shown:{key}", lifetime_seconds + 60
        )
    except CACHE_ERRORS as exc:
        raise VotingUnavailable from exc
    if shown > SHOWINGS_PER_CAPTCHA:
        raise TooManyVotes(lifetime_seconds)


def count_listening(*, key: str, lifetime_seconds: int) -> None:
    """Count one listening of the captcha `key`'s audio: each is a new
    rendering, which costs far more than drawing its image, and each more
    gives a script another rendering to compare.

    lifetime_seconds: how long the captcha lives (the counter a minute more).
    Raises ListenedEnough past RATINGS_CAPTCHA_LISTENINGS, VotingUnavailable
    while the cache cannot be reached."""
    try:
        heard = _increment(
            caches[settings.RATINGS_CACHE_ALIAS], f"ratings:heard:{key}", lifetime_seconds + 60
        )
    except CACHE_ERRORS as exc:
        raise VotingUnavailable from exc
    if heard > settings.RATINGS_CAPTCHA_LISTENINGS:
        raise ListenedEnough


def count_network_listening(*, network_hash: str, now: float | None = None) -> None:
    """Count one audio rendering for a network, whatever the captcha: each
    costs a share of a core, and a script listening without pause must not
    take one from the readers.

    network_hash: the network's keyed hash; now: Unix time in seconds.
    Raises TooManyVotes past RATINGS_MAX_LISTENINGS_PER_NETWORK_PER_MINUTE
    (with the seconds left in the minute), VotingUnavailable while the cache
    cannot be reached."""
    now = time.time() if now is None else now
    start = int(now // 60) * 60
    key = f"ratings:rl:heard:{network_hash[:32]}:{start}"
    try:
        used = _increment(caches[settings.RATINGS_CACHE_ALIAS], key, timeout=120)
    except CACHE_ERRORS as exc:
        raise VotingUnavailable from exc
    if used > settings.RATINGS_MAX_LISTENINGS_PER_NETWORK_PER_MINUTE:
        raise TooManyVotes(start + 60 - now)


def count_request(request: HttpRequest) -> int:
    """count_attempt() for the network a request comes from."""
    return count_attempt(network_hash=network_hash_of_request(request))


@dataclass(frozen=True)
class Usage:
    """What one network stored in the 24 hours before a vote, as the
    vote-time rules read it (counts of stored votes, held ones included)."""

    network_day: int  # the network's votes, all articles
    network_oldest: datetime | None
    address_on_article: int  # this address's votes on this article
    address_oldest: datetime | None
    burst_window: int  # the network's votes on this article in RATINGS_BURST_WINDOW_MINUTES
    drip_window: int  # the same in RATINGS_DRIP_WINDOW_HOURS


def usage_of(*, article_id: int, voter: Voter, now: datetime) -> Usage:
    """The Usage of the voter's network before a vote on an article at `now`:
    one query, one index-only scan of rating_vote_net_day_idx. Call with the
    article's summary locked."""
    row = rawsql.fetch_one(
        _usage_sql(),
        {
            "article": article_id,
            "ip_hash": voter.ip_hash,
            "network_hash": voter.network_hash,
            "day_since": rawsql.to_db(now - DAY),
            "burst_since": rawsql.to_db(
                now - timedelta(minutes=settings.RATINGS_BURST_WINDOW_MINUTES)
            ),
            "drip_since": rawsql.to_db(now - timedelta(hours=settings.RATINGS_DRIP_WINDOW_HOURS)),
        },
    )
    return Usage(
        network_day=row[0],
        network_oldest=rawsql.from_db(row[1]),
        address_on_article=row[2],
        address_oldest=rawsql.from_db(row[3]),
        burst_window=row[4],
        drip_window=row[5],
    )


@cache
def _usage_sql():
    """The counts of Usage, in its fields' order (written out, not built by
    the ORM: see ratings.rawsql)."""
    created_at = rawsql.column(Vote, "created_at")
    on_article = f"{rawsql.column(Vote, 'article')} = %(article)s"
    from_address = f"{on_article} AND {rawsql.column(Vote, 'ip_hash')} = %(ip_hash)s"
    return (
        f"SELECT COUNT({created_at}), MIN({created_at}), "  # noqa: S608 (names, not input)
        f"COUNT({created_at}) FILTER (WHERE {from_address}), "
        f"MIN({created_at}) FILTER (WHERE {from_address}), "
        f"COUNT({created_at}) FILTER (WHERE {on_article} AND {created_at} >= %(burst_since)s), "
        f"COUNT({created_at}) FILTER (WHERE {on_article} AND {created_at} >= %(drip_since)s) "
        f"FROM {rawsql.table(Vote)} "
        f"WHERE {rawsql.column(Vote, 'network_hash')} = %(network_hash)s "
        f"AND {created_at} > %(day_since)s"
    )


def quota_refusal(usage: Usage, now: datetime) -> TooManyVotes | None:
    """The refusal of a vote whose address or network has used up its daily
    quota (see the module's docstring), or None. `retry_after` is when the
    oldest vote of the full quota turns 24 hours old."""
    if usage.address_on_article >= settings.RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY:
        return TooManyVotes((usage.address_oldest + DAY - now).total_seconds())
    if usage.network_day >= settings.RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY:
        return TooManyVotes((usage.network_oldest + DAY - now).total_seconds())
    return None
