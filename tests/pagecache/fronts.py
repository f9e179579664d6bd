"""Varnish (deploy/varnish.vcl) in front of one app server, for the system
tests of the front: what a reader gets through it, and what it was told
to purge."""

import http.client
import uuid
from contextlib import ExitStack, contextmanager

from articles.sitemaps import FILES, ArticleSitemap, block_key
from pagecache.front import _purger as purger
from tests.servers import ANSWER_SECONDS, app_server, poll, postgres_url
from wholestack.backends import RedisServer
from wholestack.front import Varnish
from wholestack.processes import free_port

BOUND_SECONDS = 60  # a change shows through the front within this (polled, not waited)


@contextmanager
def varnish_in_front(**env):
    """Varnish in front of one app server, which has a Redis of its own and
    sends Varnish its purges; `env`: more of the app server's settings.
    Yields the Varnish."""
    port = free_port()
    with ExitStack() as stack:
        redis = RedisServer()
        stack.callback(redis.close)
        app = stack.enter_context(
            app_server(
                postgres_url(),
                REDIS_URL=redis.url,
                CACHE_KEY_PREFIX=f"front-{uuid.uuid4().hex[:8]}",
                TRUSTED_PROXY_COUNT="1",
                FRONT_PURGE_URLS=f"http://127.0.0.1:{port}/",
                **env,
            )
        )
        varnish = Varnish([app], port=port)
        stack.callback(varnish.stop)
        stack.callback(purger.drop_pending)  # this process's, when a test made it purge
        yield varnish


def get(front, path, headers=None, method="GET", body=None):
    client = http.client.HTTPConnection("127.0.0.1", front.port, timeout=ANSWER_SECONDS)
    try:
        client.request(method, path, body=body, headers=headers or {})
        response = client.getresponse()
        return response.status, response.headers, response.read()
    finally:
        client.close()


def object_of(headers):
    """The id of the stored object a hit was answered from (X-Varnish's second number)."""
    return headers["X-Varnish"].split()[-1]


def stored(front, pages):
    """Fill the front with `pages` ({name: path}); {name: the id of the
    object each is then answered from}, each checked to be a hit."""
    for path in pages.values():
        get(front, path)
    kept = {}
    for name, path in pages.items():
        status, headers, _ = get(front, path)
        assert (status, headers["X-Cache"]) == (200, "hit"), name
        assert "Surrogate-Key" not in headers and "xkey" not in headers  # the front's business
        assert headers["Cache-Control"] == "public, no-cache"  # browsers revalidate
        kept[name] = object_of(headers)
    return kept


def purging_from_here(settings, front):
    """From now on this process purges `front` as an app server does; the
    number of purges Varnish had received before."""
    settings.FRONT_PURGE_URLS = [front.base]
    return len(front.purges())


def purged_twice(front, before):
    """The two purges of one change (at once, and again a little later), polled."""
    poll(lambda: len(front.purges()) >= before + 2, BOUND_SECONDS)
    return front.purges()[before:]


def only_purged(front, pages, kept, names):
    """Check that of `pages` (stored as `kept`) exactly those `names` were
    purged: they are fetched anew, the others answered from the same object."""
    for name, path in pages.items():
        headers = get(front, path)[1]
        if name in names:
            assert headers["X-Cache"] == "miss", name
        else:
            assert (headers["X-Cache"], object_of(headers)) == ("hit", kept[name]), name


def keys(*names):
    return " ".join(sorted(names))


def sitemap_files(article):
    """The sitemap keys a change of `article`, the first public one, expires
    besides the index: its file's, and every file's (page 1 may move)."""
    block = article.pk // ArticleSitemap.limit
    return (FILES, block_key(block))
