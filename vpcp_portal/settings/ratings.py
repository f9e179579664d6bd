"""Settings of the ratings app (RATINGS_*): vote quotas, burst detection,
the top-rated ranking, the voter cookie and the audio captcha.

Each is read once here, through vpcp_portal/env.py; the ratings code reads
`django.conf.settings.RATINGS_*`. A value that does not parse stops start-up
here, naming the variable; one that parses but lies outside its range is
reported by `manage.py check` (ratings/checks.py, which also covers values
set in a settings file or by a test).
"""

from vpcp_portal.env import env, env_parsed


def whole_number(text: str) -> int:
    """An integer, blanks around it ignored."""
    return int(text.strip())


def decimal(text: str) -> float:
    """A number; a decimal comma is read as a point (3,5 = 3.5)."""
    return float(text.strip().replace(",", "."))


def stars_or_portal(text: str) -> float | str:
    """A number of stars, or "portal" for the mean of all visible votes."""
    if text.strip().lower() == "portal":
        return "portal"
    return decimal(text)


# Keyed hashes of addresses, networks and user agents. Empty: derived from
# SECRET_KEY (so rotating SECRET_KEY also resets the per-address limits).
RATINGS_HASH_KEY = env_parsed("RATINGS_HASH_KEY", str, "")
RATINGS_HASH_RETENTION_DAYS = env_parsed("RATINGS_HASH_RETENTION_DAYS", whole_number, 90)

# What counts as one address and as one network.
RATINGS_IPV4_NETWORK_PREFIX = env_parsed("RATINGS_IPV4_NETWORK_PREFIX", whole_number, 24)
RATINGS_IPV6_ADDRESS_PREFIX = env_parsed("RATINGS_IPV6_ADDRESS_PREFIX", whole_number, 64)
RATINGS_IPV6_NETWORK_PREFIX = env_parsed("RATINGS_IPV6_NETWORK_PREFIX", whole_number, 48)

# Quotas: daily ones counted from the stored votes, hourly attempts in the
# cache named by RATINGS_CACHE_ALIAS (shared by every app server).
RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY = env_parsed(
    "RATINGS_MAX_VOTES_PER_IP_PER_ARTICLE_PER_DAY", whole_number, 20
)
RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY = env_parsed(
    "RATINGS_MAX_VOTES_PER_NETWORK_PER_DAY", whole_number, 500
)
RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR = env_parsed(
    "RATINGS_MAX_ATTEMPTS_PER_NETWORK_PER_HOUR", whole_number, 600
)
RATINGS_CACHE_ALIAS = env_parsed("RATINGS_CACHE_ALIAS", str, "default")
# Votes sent without the widget's proof of work (the plain rating page, for
# readers without JavaScript), per network per clock hour, in the same cache.
RATINGS_MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR = env_parsed(
    "RATINGS_MAX_PLAIN_VOTES_PER_NETWORK_PER_HOUR", whole_number, 20
)

# The proof of work the widget pays per vote (ratings/proof.py, ALTCHA's v1
# challenge): the browser tries on average half of MAX_NUMBER SHA-256 hashes.
# The default is timed in docs/ratings.md ("Proof of work"). Empty key:
# derived from SECRET_KEY.
RATINGS_POW_MAX_NUMBER = env_parsed("RATINGS_POW_MAX_NUMBER", whole_number, 20_000)
RATINGS_POW_KEY = env_parsed("RATINGS_POW_KEY", str, "")

# Bursts flagged at vote time and by `flag_rating_bursts`.
RATINGS_BURST_VOTES = env_parsed("RATINGS_BURST_VOTES", whole_number, 5)
RATINGS_BURST_WINDOW_MINUTES = env_parsed("RATINGS_BURST_WINDOW_MINUTES", whole_number, 10)
RATINGS_DRIP_VOTES = env_parsed("RATINGS_DRIP_VOTES", whole_number, 10)
RATINGS_DRIP_WINDOW_HOURS = env_parsed("RATINGS_DRIP_WINDOW_HOURS", whole_number, 6)
RATINGS_SKEW_WINDOW_MINUTES = env_parsed("RATINGS_SKEW_WINDOW_MINUTES", whole_number, 60)
RATINGS_SKEW_MIN_VOTES = env_parsed("RATINGS_SKEW_MIN_VOTES", whole_number, 10)
RATINGS_SKEW_MIN_PRIOR_VOTES = env_parsed("RATINGS_SKEW_MIN_PRIOR_VOTES", whole_number, 10)
RATINGS_SKEW_DELTA = env_parsed("RATINGS_SKEW_DELTA", decimal, 1.5)
RATINGS_BURST_SCAN_HOURS = env_parsed("RATINGS_BURST_SCAN_HOURS", whole_number, 24)

# The top-rated ranking (a Bayesian average) and how long a process keeps it.
RATINGS_BAYES_PRIOR_VOTES = env_parsed("RATINGS_BAYES_PRIOR_VOTES", decimal, 10.0)
_MIDDLE_OF_THE_SCALE: float | str = 3.0
RATINGS_BAYES_PRIOR_MEAN = env_parsed(
    "RATINGS_BAYES_PRIOR_MEAN", stars_or_portal, _MIDDLE_OF_THE_SCALE
)
RATINGS_TOP_RATED_MIN_VOTES = env_parsed("RATINGS_TOP_RATED_MIN_VOTES", whole_number, 5)
RATINGS_TOP_RATED_SECONDS = env_parsed("RATINGS_TOP_RATED_SECONDS", whole_number, 60)

# The signed cookie naming a reader's browser.
RATINGS_VOTER_COOKIE_NAME = env_parsed("RATINGS_VOTER_COOKIE_NAME", str, "vpcp_voter")
RATINGS_VOTER_COOKIE_MAX_AGE_DAYS = env_parsed(
    "RATINGS_VOTER_COOKIE_MAX_AGE_DAYS", whole_number, 730
)

# espeak-ng for the audio captcha. Empty path: found on PATH; "none": no audio.
RATINGS_ESPEAK_PATH = env_parsed("RATINGS_ESPEAK_PATH", str, "")
RATINGS_ESPEAK_VOICE = env_parsed("RATINGS_ESPEAK_VOICE", str, "vi")
# Listenings of one captcha's audio; past them a new captcha is needed.
RATINGS_CAPTCHA_LISTENINGS = env_parsed("RATINGS_CAPTCHA_LISTENINGS", whole_number, 3)
# Audio renderings per network a minute, whatever the captchas: a script
# listening without pause must not take a core from the readers.
RATINGS_MAX_LISTENINGS_PER_NETWORK_PER_MINUTE = env_parsed(
    "RATINGS_MAX_LISTENINGS_PER_NETWORK_PER_MINUTE", whole_number, 12
)

# A retired variable still set in a deployment's environment becomes a
# setting of its name, so ratings.checks warns about it as about one set in
# a settings file; its value is never used.
if "RATINGS_TRUSTED_PROXIES" in env:
    RATINGS_TRUSTED_PROXIES = "set in the environment"
