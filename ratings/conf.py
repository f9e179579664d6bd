"""Settings of the ratings app, with their defaults.

Each value is read when used, in this order: the Django setting
`RATINGS_<NAME>` if the settings define it, else the environment variable of
the same name (read through vpcp_portal.env; for what an operator tunes per
deployment), else the default
below. `manage.py check` validates them (see checks.py), so a bad environment
value stops the deployment instead of failing a reader's vote.

    from ratings.conf import conf
    conf.MAX_VOTES_PER_NETWORK_PER_DAY
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from vpcp_portal.env import env


def _int(value):
    return int(str(value).strip())


def _float(value):
    return float(str(value).strip().replace(",", "."))


def _str(value):
    return str(value)


def _prior_mean(value):
    """A number of stars, or "portal" for the mean of all votes on the portal."""
    if str(value).strip().lower() == "portal":
        return "portal"
    return _float(value)


@dataclass(frozen=True)
class Option:
    cast: Any
    default: Any  # a value, or a callable returning one
    minimum: float | None = None
    help: str = ""
    maximum: float | None = None


OPTIONS = {
    "HASH_KEY": Option(
        _str,
        "",
        None,
        "Secret for the HMAC of IP addresses, networks and user agents. Empty: derived "
        "from SECRET_KEY (rotating SECRET_KEY then resets the per-address limits).",
    ),
    "MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY": Option(
        _int,
        20,
        1,
        "Votes one address (an IPv4 address, an IPv6 /64) may store on one article in 24 "
        "hours. The first counts at once; the others are held for review (an office behind "
        "NAT shares one address), and past this quota they are refused (429).",
    ),
    "MAX_VOTES_PER_NETWORK_PER_DAY": Option(
        _int,
        500,
        1,
        "Votes one network (IPV4_NETWORK_PREFIX, IPV6_NETWORK_PREFIX) may store in 24 hours, "
        "all articles; counted from the stored votes, so no cache loss resets it.",
    ),
    "IPV4_NETWORK_PREFIX": Option(
        _int, 24, 8, "Prefix length of an IPv4 network for the network quotas and bursts.", 32
    ),
    "IPV6_ADDRESS_PREFIX": Option(
        _int,
        64,
        32,
        "Prefix length that counts as one IPv6 address (a household or phone gets a /64).",
        128,
    ),
    "IPV6_NETWORK_PREFIX": Option(
        _int,
        48,
        16,
        "Prefix length of an IPv6 network for the network quotas and bursts (a site gets a /48).",
        128,
    ),
    "MAX_ATTEMPTS_PER_NETWORK_PER_HOUR": Option(
        _int,
        600,
        1,
        "Captchas issued and votes sent (right or wrong) by one network per hour: about "
        "three per vote, so 600 lets one office behind NAT cast some 200 votes an hour. "
        "Captcha images and audio do not count (each captcha is shown at most 12 times).",
    ),
    "BURST_VOTES": Option(
        _int,
        5,
        2,
        "Votes on one article from one network within BURST_WINDOW_MINUTES that make a burst.",
    ),
    "BURST_WINDOW_MINUTES": Option(_int, 10, 1, "Window for BURST_VOTES."),
    "DRIP_VOTES": Option(
        _int,
        10,
        2,
        "Votes on one article from one network within DRIP_WINDOW_HOURS that make a slow-drip "
        "burst (votes sent a few at a time to stay under BURST_VOTES).",
    ),
    "DRIP_WINDOW_HOURS": Option(
        _int,
        6,
        1,
        "Window for DRIP_VOTES; at most 24, the day the vote-time check reads.",
        24,
    ),
    "SKEW_WINDOW_MINUTES": Option(_int, 60, 1, "Window in which a sudden score skew is sought."),
    "SKEW_MIN_VOTES": Option(_int, 10, 2, "Votes in the window needed to judge a skew."),
    "SKEW_MIN_PRIOR_VOTES": Option(
        _int, 10, 1, "Earlier votes needed before an article's scores can be said to skew."
    ),
    "SKEW_DELTA": Option(
        _float, 1.5, 0.1, "Stars between the window's average and the earlier average."
    ),
    "BURST_SCAN_HOURS": Option(
        _int,
        24,
        1,
        "How far back `flag_rating_bursts` looks for bursts (at least DRIP_WINDOW_HOURS).",
    ),
    "HASH_RETENTION_DAYS": Option(
        _int,
        90,
        2,
        "Days after which `purge_rating_hashes` blanks the IP, network and user-agent "
        "hashes of a vote (scores and aggregates stay).",
    ),
    "BAYES_PRIOR_VOTES": Option(
        _float,
        10.0,
        0,
        "C in the Bayesian average: how many 'average' votes each article starts with.",
    ),
    "BAYES_PRIOR_MEAN": Option(
        _prior_mean,
        3.0,
        None,
        "m in the Bayesian average, in stars (default 3.0, the middle of the scale), "
        'or "portal" for the mean of all visible votes on the portal.',
    ),
    "TOP_RATED_MIN_VOTES": Option(
        _int,
        5,
        1,
        "Visible votes an article needs to appear in 'Được đánh giá cao nhất'.",
    ),
    "TOP_RATED_SECONDS": Option(
        _int,
        60,
        0,
        "Seconds each app process keeps 'Được đánh giá cao nhất' between publishes and "
        "moderation actions (which refresh it at once): how late readers' votes move it. "
        "0: ranked again on every page rendered.",
    ),
    "VOTER_COOKIE_NAME": Option(_str, "vpcp_voter", None, "Signed cookie holding the voter token."),
    "VOTER_COOKIE_MAX_AGE_DAYS": Option(_int, 730, 1, "Lifetime of the voter cookie."),
    "CACHE_ALIAS": Option(
        _str,
        "default",
        None,
        "Cache holding the hourly attempt counters; must be shared by all app servers "
        "(Redis, Memcached or the database cache) in production.",
    ),
    "ESPEAK_PATH": Option(
        _str,
        "",
        None,
        "espeak-ng executable for the Vietnamese audio captcha. Empty: found on PATH; "
        "none: no audio captcha.",
    ),
    "ESPEAK_VOICE": Option(_str, "vi", None, "espeak-ng voice for the audio captcha."),
}


class RatingsConf:
    """Attribute access to the RATINGS_* settings, read at the time of use so
    that tests (and `override_settings`) see changes."""

    def __getattr__(self, name):
        try:
            option = OPTIONS[name]
        except KeyError:
            raise AttributeError(name) from None
        key = f"RATINGS_{name}"
        value = getattr(settings, key) if hasattr(settings, key) else env.str(key, default=None)
        if value is None:
            default = option.default
            return option.cast(default()) if callable(default) else default
        return option.cast(value)


conf = RatingsConf()
