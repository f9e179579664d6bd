"""Counting one read: the beacon's rules against bots, other sites and
repeated reads, then one increment in the pending store.

Not counted: readers without JavaScript, clients whose user agent names a
crawler or an automated fetcher, beacons from other sites, and reads of one
article from one address past `READS_MAX_PER_ADDRESS_PER_DAY`.
"""

import hashlib
import logging
import re
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from core.cache import CACHE_ERRORS
from core.client_ip import client_ip

from .buffer import pending_counts
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


def count_read(*, request: HttpRequest, article_id: int, now: datetime | None = None) -> bool:
    """Count one read of `article_id` (a beacon's), unless it comes from a
    bot, another site, or an address that already read the article
    READS_MAX_PER_ADDRESS_PER_DAY times today; fold the pending batch when
    READS_FOLD_SECONDS have passed since the last fold.

    Args:
        request: the beacon's request (user agent, Sec-Fetch-Site, address).
        article_id: the article read; an unknown or non-public one is dropped
            at the fold.
        now: the time of the read (default: now); counted in its UTC hour.

    Returns whether the read was counted. Never raises for an unreachable
    Redis (logged, not counted).
    """
    if is_bot(request.headers.get("User-Agent", "")):
        return False
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    now = now or timezone.now()
    hour = int(now.timestamp()) // 3600 * 3600
    address = hashlib.blake2b(
        f"{client_ip(request)}|{article_id}".encode(), key=settings.SECRET_KEY.encode()[:64]
    ).hexdigest()[:32]
    store = pending_counts()
    try:
        if not store.first_n_today(address, settings.READS_MAX_PER_ADDRESS_PER_DAY):
            return False
        store.add(f"{article_id}:{hour}")
        if store.fold_due(settings.READS_FOLD_SECONDS):
            fold_pending_reads(store=store)
    except CACHE_ERRORS:
        log.warning("read not counted: Redis unreachable", exc_info=True)
        return False
    return True
