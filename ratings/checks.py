"""System checks of the RATINGS_* settings (vpcp_portal/settings/ratings.py
reads them): a value of the wrong kind or outside its range stops `manage.py
check` (and every deployment step that runs it) rather than a reader's vote.
The range of each setting and what it means, for the check's hint, are here;
its default is where it is read."""

from dataclasses import dataclass
from numbers import Real
from typing import TypeGuard

from django.conf import settings
from django.core import checks


@dataclass(frozen=True)
class Rule:
    """What a RATINGS_<name> setting may hold.

    kind: "whole" (an int), "number" (an int or a float), "stars" (a number
        or "portal") or "text" (a str).
    minimum, maximum: inclusive bounds of a number; None: unbounded.
    help: what the setting means, shown as the error's hint.
    """

    kind: str
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""


RULES = {
    "HASH_KEY": Rule(
        "text",
        help="Secret for the HMAC of IP addresses, networks and user agents. Empty: derived "
        "from SECRET_KEY (rotating SECRET_KEY then resets the per-address limits).",
    ),
    "MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY": Rule(
        "whole",
        1,
        help="Votes one address (an IPv4 address, an IPv6 /64) may store on one article in 24 "
        "hours. The first counts at once; the others are held for review (an office behind "
        "NAT shares one address), and past this quota they are refused (429).",
    ),
    "MAX_VOTES_PER_NETWORK_PER_DAY": Rule(
        "whole",
        1,
        help="Votes one network (IPV4_NETWORK_PREFIX, IPV6_NETWORK_PREFIX) may store in 24 "
        "hours, all articles; counted from the stored votes, so no cache loss resets it.",
    ),
    "IPV4_NETWORK_PREFIX": Rule(
        "whole", 8, 32, "Prefix length of an IPv4 network for the network quotas and bursts."
    ),
    "IPV6_ADDRESS_PREFIX": Rule(
        "whole",
        32,
        128,
        "Prefix length that counts as one IPv6 address (a household or phone gets a /64).",
    ),
    "IPV6_NETWORK_PREFIX": Rule(
        "whole",
        16,
        128,
        "Prefix length of an IPv6 network for the network quotas and bursts (a site gets a /48).",
    ),
    "MAX_ATTEMPTS_PER_NETWORK_PER_HOUR": Rule(
        "whole",
        1,
        help="Captchas issued and votes sent (right or wrong) by one network per hour; a vote "
        "takes about three. Captcha images and audio do not count (each captcha is shown a "
        "bounded number of times, ratings.limits.SHOWINGS_PER_CAPTCHA).",
    ),
    "MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR": Rule(
        "whole",
        1,
        help="Votes one network may send per hour through the plain rating page, the path "
        "without the widget's proof of work (readers without JavaScript): lower than what the "
        "widget's votes get, since a script pays nothing there but the captcha.",
    ),
    "POW_MAX_NUMBER": Rule(
        "whole",
        1_000,
        10_000_000,
        "Difficulty of the widget's proof of work: the largest secret number of a challenge; "
        "a browser tries half of it on average in SHA-256 hashes (docs/ratings.md).",
    ),
    "POW_KEY": Rule(
        "text",
        help="Secret for the HMAC that signs proof-of-work challenges. Empty: derived from "
        "SECRET_KEY.",
    ),
    "BURST_VOTES": Rule(
        "whole",
        2,
        help="Votes on one article from one network within BURST_WINDOW_MINUTES that make a burst.",
    ),
    "BURST_WINDOW_MINUTES": Rule("whole", 1, help="Window for BURST_VOTES."),
    "DRIP_VOTES": Rule(
        "whole",
        2,
        help="Votes on one article from one network within DRIP_WINDOW_HOURS that make a "
        "slow-drip burst (votes sent a few at a time to stay under BURST_VOTES).",
    ),
    "DRIP_WINDOW_HOURS": Rule(
        "whole", 1, 24, "Window for DRIP_VOTES; at most the day the vote-time check reads."
    ),
    "SKEW_WINDOW_MINUTES": Rule("whole", 1, help="Window in which a sudden score skew is sought."),
    "SKEW_MIN_VOTES": Rule("whole", 2, help="Votes in the window needed to judge a skew."),
    "SKEW_MIN_PRIOR_VOTES": Rule(
        "whole", 1, help="Earlier votes needed before an article's scores can be said to skew."
    ),
    "SKEW_DELTA": Rule(
        "number", 0.1, help="Stars between the window's average and the earlier average."
    ),
    "BURST_SCAN_HOURS": Rule(
        "whole",
        1,
        help="How far back `flag_rating_bursts` looks for bursts (at least DRIP_WINDOW_HOURS).",
    ),
    "HASH_RETENTION_DAYS": Rule(
        "whole",
        2,
        help="Days after which `purge_rating_hashes` blanks the IP, network and user-agent "
        "hashes of a vote (scores and aggregates stay).",
    ),
    "BAYES_PRIOR_VOTES": Rule(
        "number",
        0,
        help="C in the Bayesian average: how many 'average' votes each article starts with.",
    ),
    "BAYES_PRIOR_MEAN": Rule(
        "stars",
        help='m in the Bayesian average, in stars (1 to 5), or "portal" for the mean of all '
        "visible votes on the portal.",
    ),
    "TOP_RATED_MIN_VOTES": Rule(
        "whole", 1, help="Visible votes an article needs to appear in 'Được đánh giá cao nhất'."
    ),
    "TOP_RATED_SECONDS": Rule(
        "whole",
        0,
        help="Seconds each app process keeps 'Được đánh giá cao nhất' between publishes and "
        "moderation actions (which refresh it at once). 0: ranked again on every page rendered.",
    ),
    "VOTER_COOKIE_NAME": Rule("text", help="Signed cookie holding the voter token."),
    "VOTER_COOKIE_MAX_AGE_DAYS": Rule("whole", 1, help="Lifetime of the voter cookie."),
    "CACHE_ALIAS": Rule(
        "text",
        help="Cache holding the hourly attempt counters; must be shared by all app servers "
        "(Redis, Memcached or the database cache) in production.",
    ),
    "ESPEAK_PATH": Rule(
        "text",
        help="espeak-ng executable for the Vietnamese audio captcha. Empty: found on PATH; "
        "none: no audio captcha.",
    ),
    "ESPEAK_VOICE": Rule("text", help="espeak-ng voice for the audio captcha."),
    "CAPTCHA_LISTENINGS": Rule(
        "whole",
        1,
        help="Listenings of one captcha's audio (each a new rendering); past them the audio "
        "answers 429 and the reader asks for a new captcha.",
    ),
    "MAX_LISTENINGS_PER_NETWORK_PER_MINUTE": Rule(
        "whole",
        1,
        help="Audio captcha renderings per network (IPv4 /24, IPv6 /48) a minute; past them "
        "429 with Retry-After.",
    ),
}

# Settings ratings no longer reads, and what took their place.
RETIRED = {
    "RATINGS_TRUSTED_PROXIES": "TRUSTED_PROXY_COUNT (the project's, which every "
    "part of the portal reads the client address with)",
}

_KINDS = {
    "whole": "a whole number",
    "number": "a number",
    "stars": 'a number of stars or "portal"',
    "text": "text",
}


def _is_number(value) -> TypeGuard[float]:
    return isinstance(value, Real) and not isinstance(value, bool)


def _fits(kind: str, value) -> bool:
    """Whether `value` is of the kind a Rule names."""
    if kind == "whole":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return _is_number(value)
    if kind == "stars":
        return value == "portal" or _is_number(value)
    return isinstance(value, str)


@checks.register()
def check_ratings_settings(app_configs, **kwargs):
    errors = []
    for name, rule in RULES.items():
        setting = f"RATINGS_{name}"
        value = getattr(settings, setting, None)
        if not _fits(rule.kind, value):
            errors.append(
                checks.Error(
                    f"{setting} is not valid: {_KINDS[rule.kind]} is needed (got {value!r}).",
                    hint=rule.help,
                    id="ratings.E001",
                )
            )
            continue
        if not _is_number(value):
            continue
        if rule.minimum is not None and value < rule.minimum:
            errors.append(
                checks.Error(
                    f"{setting} must be at least {rule.minimum} (got {value}).",
                    hint=rule.help,
                    id="ratings.E002",
                )
            )
        if rule.maximum is not None and value > rule.maximum:
            errors.append(
                checks.Error(
                    f"{setting} must be at most {rule.maximum} (got {value}).",
                    hint=rule.help,
                    id="ratings.E004",
                )
            )
    mean = getattr(settings, "RATINGS_BAYES_PRIOR_MEAN", None)
    if _is_number(mean) and not 1 <= mean <= 5:
        errors.append(
            checks.Error(
                'RATINGS_BAYES_PRIOR_MEAN must lie between 1 and 5 (or be "portal").',
                id="ratings.E003",
            )
        )
    return errors


@checks.register()
def check_retired_settings(app_configs, **kwargs):
    """A deployment still setting a retired option would silently lose it
    (vpcp_portal/settings/ratings.py turns one left in the environment into a
    setting)."""
    return [
        checks.Warning(f"{name} is no longer read.", hint=f"Set {replacement}.", id="ratings.W001")
        for name, replacement in RETIRED.items()
        if hasattr(settings, name)
    ]
