"""Every rate limit on votes, in one module that raises the refusal callers
answer with (ratings.refusals): TooManyVotes over a limit, VotingUnavailable
while the counters cannot be reached (the limits fail closed: without
counters no limit would hold).

- attempts: captchas issued and votes sent (right or wrong), per network per
  hour (RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR); a captcha's image and
  audio count against no network (made-up keys are answered before this);
- showings: each issued captcha's image or audio, SHOWINGS_PER_CAPTCHA times;
- votes per network per day, all articles (RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY);
- votes per address per article per day (RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY),
  counted from the stored votes.

The network counters are fixed windows in Django's cache framework, so they
hold across app servers (RATINGS_CACHE_ALIAS must be shared in production).
A check and the count that follows it are not one operation: concurrent
requests may overshoot a limit by a few, which these limits can afford.
"""

import logging
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.core.cache import caches
from django.db.models import Count, Min
from django.http import HttpRequest

from vpcp_portal.cache import CACHE_ERRORS

from .conf import conf
from .fingerprint import network_hash_of_request
from .models import Vote
from .refusals import TooManyVotes, VotingUnavailable

logger = logging.getLogger(__name__)

HOUR = 3600
DAY = 86400
SHOWINGS_PER_CAPTCHA = 12


@contextmanager
def _counters():
    """The cache of the counters; its connection errors become VotingUnavailable."""
    try:
        yield caches[conf.CACHE_ALIAS]
    except CACHE_ERRORS as exc:
        raise VotingUnavailable from exc


def _window(seconds: int, now: float) -> tuple[int, int]:
    start = int(now // seconds) * seconds
    return start, start + seconds


def _key(name: str, network_hash: str, start: int) -> str:
    return f"ratings:rl:{name}:{network_hash[:32]}:{start}"


def _check(name: str, seconds: int, maximum: int, network_hash: str, now: float) -> None:
    start, end = _window(seconds, now)
    with _counters() as cache:
        used = cache.get(_key(name, network_hash, start)) or 0
    if used >= maximum:
        raise TooManyVotes(end - now)


def _count(name: str, seconds: int, network_hash: str, now: float) -> int:
    start, end = _window(seconds, now)
    key = _key(name, network_hash, start)
    timeout = int(end - now) + 60
    with _counters() as cache:
        cache.add(key, 0, timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
            return 1


def count_attempt(*, network_hash: str, now: float | None = None) -> None:
    """Count one attempt of a network (a captcha issued, a vote
    sent, right or wrong), whatever its outcome.

    network_hash: the network's keyed hash (fingerprint.Voter.network_hash).
    now: Unix time in seconds (default: the clock).
    Raises TooManyVotes once the network has used up
    RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR in this clock hour,
    VotingUnavailable while the counters cannot be reached."""
    now = time.time() if now is None else now
    _check("attempts", HOUR, conf.MAX_ATTEMPTS_PER_NETWORK_PER_HOUR, network_hash, now)
    _count("attempts", HOUR, network_hash, now)


def count_showing(*, key: str, lifetime_seconds: int) -> None:
    """Count one showing (image at either scale, or audio) of the captcha
    `key`, so that what drawing and reading cost stays tied to the captchas
    counted as attempts.

    lifetime_seconds: how long the captcha lives (the counter lives a minute more).
    Raises TooManyVotes after SHOWINGS_PER_CAPTCHA showings, VotingUnavailable
    while the counters cannot be reached."""
    name = f"ratings:shown:{key}"
    with _counters() as cache:
        cache.add(name, 0, lifetime_seconds + 60)
        try:
            shown = cache.incr(name)
        except ValueError:  # expired between add and incr
            shown = 1
    if shown > SHOWINGS_PER_CAPTCHA:
        raise TooManyVotes(lifetime_seconds)


def count_request(request: HttpRequest) -> None:
    """count_attempt() for the network a request comes from."""
    count_attempt(network_hash=network_hash_of_request(request))


def check_network_quota(*, network_hash: str, now: float | None = None) -> None:
    """Raise TooManyVotes when the network has cast
    RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY votes this (UTC) day, on all
    articles; VotingUnavailable while the counter cannot be read."""
    now = time.time() if now is None else now
    _check("votes", DAY, conf.MAX_VOTES_PER_NETWORK_PER_DAY, network_hash, now)


def count_network_vote(*, network_hash: str, now: float | None = None) -> None:
    """Count a stored vote against its network's daily quota. The vote is
    committed by now: a count lost (the cache went down since the check)
    costs at most a vote over the quota, while an error here would tell the
    reader a stored vote had failed, so a failure is logged, not raised."""
    now = time.time() if now is None else now
    try:
        _count("votes", DAY, network_hash, now)
    except Exception:
        logger.exception("Rating vote stored but not counted against its network's quota")


def check_address_quota(*, article_id: int, ip_hash: str, now: datetime) -> None:
    """Raise TooManyVotes when this address has cast
    RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY votes on the article in the
    24 hours before `now`; `retry_after` is when the oldest of them ages out.
    Read from the stored votes (index rating_vote_ip_idx); call with the
    article's summary locked, so two votes cannot both pass the last place."""
    since = now - timedelta(days=1)
    recent = Vote.objects.from_address(article_id, ip_hash, since).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    if recent["n"] >= conf.MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY:
        raise TooManyVotes((recent["oldest"] + timedelta(days=1) - now).total_seconds())
