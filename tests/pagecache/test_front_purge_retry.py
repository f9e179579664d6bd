"""A purge that cannot reach Varnish is logged and sent again, on the
schedule of pagecache/front.py (RETRY_SECONDS: 1, 2, 5, 10, 30 and 60 s
between attempts), so a Varnish node back within that time receives it. The
retries live in the sending process's memory only (docs/caching.md, "A lost
purge")."""

import pytest

from pagecache.front import RETRY_SECONDS
from tests.factories import make_article
from tests.pagecache.fronts import BOUND_SECONDS, keys, sitemap_files, varnish_in_front
from tests.servers import poll
from wholestack.front import Varnish

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_purge_sent_while_varnish_is_down_is_logged_and_received_once_it_is_back(
    settings, caplog
):
    article = make_article(title="Tin sửa khi Varnish tắt")
    with varnish_in_front() as front:
        front.stop()  # down, as a node being restarted
        settings.FRONT_PURGE_URLS = [front.base]
        article.title = "Tin đã sửa khi Varnish tắt"
        article.save()
        poll(lambda: "failed" in caplog.text and "retried" in caplog.text, BOUND_SECONDS)

        back = Varnish(front.backends, port=front.port)
        try:
            expected = keys(
                f"article-{article.pk}",
                f"category-{article.category_id}",
                *("articles", "feeds", "home", "search", "sitemap"),
                *sitemap_files(article),
            )
            # Within the retry schedule: the last attempt goes out this long after the change.
            poll(lambda: expected in back.purges(), sum(RETRY_SECONDS) + BOUND_SECONDS)
        finally:
            back.stop()
    assert f"purge of {sorted(expected.split())}" in caplog.text
