"""Caches: Redis shared by every app server, each process's page and
fragment caches, and the read counts that wait in Redis."""

from vpcp_portal.env import env, env_list

# Cache: Redis when REDIS_URL is set (shared by every app server: page cache,
# rate limits, staff sign-in counters), local memory otherwise (one process only).
REDIS_URL = env.str("REDIS_URL", default="")
# Keys (and the page cache's generation channel, which is server-wide) start
# with this: parallel checkouts sharing one Redis give each its own.
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="vpcp")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A slow or unreachable Redis must cost a request a second, not hang it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered pages are kept in each process's memory ("pages") in front of the
# shared cache, each under the page generation it was rendered with; the
# generation is a row in PostgreSQL that every process reads every 2 s and
# hears of at once through Redis pub/sub (pagecache/generation.py), so an
# expiry on any server makes the pages of all servers stale at once and a hit
# costs no round trip. The pages are kept as objects, not pickled (they are
# immutable: pagecache/memory.py).
CACHES["pages"] = {
    "BACKEND": "pagecache.memory.ImmutableLocMemCache",
    "LOCATION": "vpcp-pages",
    "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=1000)},
}
# Seconds a public page is kept at most; publishing, editing or unpublishing
# anything invalidates all pages at once (pagecache.expire), and a scheduled
# article's time shortens the timeout (pagecache/schedule.py). 0 turns the
# page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Search pages are one per query: only the first page of a search that found
# something is stored, at most this many new ones per PAGE_CACHE_SECONDS in the
# deployment, so random queries cannot fill the caches.
PAGE_CACHE_MAX_SEARCH_PAGES = env.int("PAGE_CACHE_MAX_SEARCH_PAGES", default=100)
# Template fragments that change only on publish (list blocks, menus), kept
# per process under the same generation; also while the page cache is off.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "vpcp-fragments",
    "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=1000)},
}
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=3600)
# Seconds a stale page is kept to be served while one request renders its
# successor (after a publish or its timeout), instead of every request at once.
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=60)

# Đọc nhiều (the readcounts app): reads reported by the article page's beacon
# wait in Redis and are folded into PostgreSQL by the first beacon after every
# READS_FOLD_SECONDS (no cron); a Redis restart loses at most that batch.
READS_FOLD_SECONDS = env.int("READS_FOLD_SECONDS", default=60)
# Most read = reads of the last READS_MOST_READ_HOURS: 24 (a day) or 168 (a week).
READS_MOST_READ_HOURS = env.int("READS_MOST_READ_HOURS", default=24)
# Đọc nhiều is never shown older than this: the list kept by each process and
# every cached copy of a page showing it, in the app and at the front, taken
# together (readcounts.selectors.most_read_beside).
READS_MOST_READ_MAX_AGE_SECONDS = env.int("READS_MOST_READ_MAX_AGE_SECONDS", default=600)
# Reads of one article counted from one address a day (offices share one address).
READS_MAX_PER_ADDRESS_PER_DAY = env.int("READS_MAX_PER_ADDRESS_PER_DAY", default=50)
# Reads of one article counted from one network a day: an IPv4 /24 or an IPv6
# /64 (one home or office gets a whole /64), so one network cannot move Đọc nhiều
# by rotating its addresses.
READS_MAX_PER_NETWORK_PER_DAY = env.int("READS_MAX_PER_NETWORK_PER_DAY", default=100)
READS_IPV4_NETWORK_PREFIX = env.int("READS_IPV4_NETWORK_PREFIX", default=24)
READS_IPV6_NETWORK_PREFIX = env.int("READS_IPV6_NETWORK_PREFIX", default=64)
# A flood: more than READS_FLOOD_READS reads of one article from one network
# within READS_FLOOD_SECONDS; that network's reads of the article then count
# no more that day.
READS_FLOOD_READS = env.int("READS_FLOOD_READS", default=20)
READS_FLOOD_SECONDS = env.int("READS_FLOOD_SECONDS", default=60)
READS_KEY_PREFIX = f"{CACHE_KEY_PREFIX}:reads"

# The HTTP cache in front (Varnish, deploy/varnish.vcl; pagecache/front.py):
# the URLs the app sends its purges to, one per Varnish node, and how long it
# may keep a public page. On only with purges: a front that is never told of
# a publish must not keep pages. Đọc nhiều changes as reads are folded, so a
# page is kept no longer than that by default.
FRONT_PURGE_URLS = env_list("FRONT_PURGE_URLS")
FRONT_CACHE_SECONDS = env.int(
    "FRONT_CACHE_SECONDS", default=READS_FOLD_SECONDS if FRONT_PURGE_URLS else 0
)
# Seconds the front may answer an expired page while it fetches the new one
# (stale-while-revalidate); a purge removes the page outright instead.
FRONT_STALE_SECONDS = env.int("FRONT_STALE_SECONDS", default=30)
