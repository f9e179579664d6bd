"""Counting one read: the beacon's rules against bots, other sites, repeated
reads and floods, then one increment in the pending store.

Not counted: readers without JavaScript, clients whose user agent names a
crawler or an automated fetcher, beacons from other sites, reads of one
article past `READS_MAX_PER_ADDRESS_PER_DAY` from one address or past
`READS_MAX_PER_NETWORK_PER_DAY` from one network (an IPv4 /24, an IPv6 /64:
`READS_IPV4_NETWORK_PREFIX`, `READS_IPV6_NETWORK_PREFIX`), and every read of
the article from a network that sent more than `READS_FLOOD_READS` of them in
`READS_FLOOD_SECONDS` (a flood), for the rest of the day. Beacons for ids
that are not public articles are refused by the view before this runs.
"""

import hashlib
import ipaddress
import logging
import re
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from core.cache import CACHE_ERRORS
from core.client_ip import client_ip

from .buffer import Read, pending_counts
from .folding import fold_pending_reads

log = logging.getLogger(__name__)

# User agents of crawlers, link previewers, monitors, headless browsers and
# HTTP libraries: none of them is a reader.
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|embedly|"
    r"headless|lighthouse|phantomjs|selenium|puppeteer|playwright|"
    r"curl|wget|httpie|python|java/|go-http|okhttp|axios|node-fetch|libwww|scrapy|"
    r"feed|monitor|pingdom|uptime|check",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """True for an empty user agent or one that names an automated client."""
    return not user_agent.strip() or bool(BOT_RE.search(user_agent))


def network_of(address: str) -> str:
    """The network that counts as one reader's office or home, as text:
    the READS_IPV4_NETWORK_PREFIX (/24) of an IPv4 address, the
    READS_IPV6_NETWORK_PREFIX (/64) of an IPv6 one; "" for no address."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    length = (
        settings.READS_IPV4_NETWORK_PREFIX
        if ip.version == 4
        else settings.READS_IPV6_NETWORK_PREFIX
    )
    return str(ipaddress.ip_network(f"{ip}/{length}", strict=False))


def _hashed(value: str) -> str:
    """A short keyed hash: what Redis holds instead of an address."""
    return hashlib.blake2b(
        value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=8
    ).hexdigest()


def count_read(*, request: HttpRequest, article_id: int, now: datetime | None = None) -> bool:
    """Count one read of the public article `article_id` (a beacon's), unless
    the rules in the module docstring leave it out; fold the pending batch
    when READS_FOLD_SECONDS have passed since the last fold.

    Args:
        request: the beacon's request (user agent, Sec-Fetch-Site, address).
        article_id: the article read, public when the beacon came (one that
            is no longer public at the fold is dropped there).
        now: the time of the read (default: now); counted in its UTC hour
            and day.

    Returns whether the read was counted. Never raises for an unreachable
    Redis (logged, not counted).
    """
    if is_bot(request.headers.get("User-Agent", "")):
        return False
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    address = client_ip(request)
    read = Read(
        article_id=article_id,
        network=_hashed(network_of(address)),
        address=_hashed(address),
        now=int((now or timezone.now()).timestamp()),
    )
    store = pending_counts()
    try:
        if not store.count(read):
            return False
        if store.fold_due(settings.READS_FOLD_SECONDS):
            fold_pending_reads(store=store)
    except CACHE_ERRORS:
        log.warning("read not counted: Redis unreachable", exc_info=True)
        return False
    return True
