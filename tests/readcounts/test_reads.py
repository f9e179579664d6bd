"""Đọc nhiều: reads counted in Redis from the page's beacon and folded into
PostgreSQL in batches, while the article page stays cached and writes nothing."""

import time

import pytest
from django.urls import reverse

from articles.models import Article
from articles.workflow.rules import Status
from readcounts.folding import fold_pending_reads
from readcounts.models import ReadCount
from readcounts.selectors import most_read
from tests.browsers import DESKTOP, PHONE, needs_chromium, open_context
from tests.factories import make_article

READER_UA = DESKTOP["user_agent"]


def beacon(client, article, user_agent=READER_UA, address="203.0.113.7", **headers):
    return client.post(
        reverse("readcounts:read", args=[article.pk]),
        headers={"User-Agent": user_agent, **headers},
        REMOTE_ADDR=address,
    )


def reads_of(article):
    return sum(ReadCount.objects.filter(article=article).values_list("count", flat=True))


@pytest.mark.django_db
def test_a_beacon_is_counted_in_redis_and_folded_into_the_database_in_a_batch(client, reads_redis):
    article = make_article()
    for n in range(3):
        assert beacon(client, article, address=f"203.0.113.{n}").status_code == 204
    # The first beacon folded itself; the two after it wait in Redis.
    assert reads_of(article) == 1

    assert fold_pending_reads() == 2

    assert reads_of(article) == 3
    assert ReadCount.objects.count() == 1  # one row per article and hour


@pytest.mark.django_db
def test_the_app_folds_the_batch_itself_once_the_interval_has_passed(client, reads_redis, settings):
    settings.READS_FOLD_SECONDS = 2  # long enough for two beacons on a busy machine
    article = make_article()
    beacon(client, article, address="203.0.113.1")  # folds, and the interval starts
    folded = time.monotonic()
    beacon(client, article, address="203.0.113.2")
    assert reads_of(article) == 1

    time.sleep(max(0, folded + 2.1 - time.monotonic()))
    beacon(client, article, address="203.0.113.3")

    assert reads_of(article) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/130.0.0.0",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_bots_are_not_counted(client, reads_redis, user_agent):
    article = make_article()

    assert beacon(client, article, user_agent=user_agent).status_code == 204
    fold_pending_reads()

    assert reads_of(article) == 0


@pytest.mark.django_db
def test_a_beacon_from_another_site_is_not_counted(client, reads_redis):
    article = make_article()

    beacon(client, article, **{"Sec-Fetch-Site": "cross-site"})
    fold_pending_reads()

    assert reads_of(article) == 0


@pytest.mark.django_db
def test_one_address_counts_a_limited_number_of_reads_a_day(client, reads_redis, settings):
    settings.READS_MAX_PER_ADDRESS_PER_DAY = 3
    article = make_article()

    for _ in range(10):
        beacon(client, article)
    fold_pending_reads()

    assert reads_of(article) == 3


@pytest.mark.django_db
def test_reads_of_an_article_that_is_no_longer_public_are_dropped(client, reads_redis):
    article = make_article()
    beacon(client, article, address="203.0.113.1")
    beacon(client, article, address="203.0.113.2")
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)

    fold_pending_reads()

    assert reads_of(article) == 1


@pytest.mark.django_db
def test_the_cached_article_page_writes_nothing(
    client, reads_redis, settings, django_assert_num_queries
):
    article = make_article()
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert "Set-Cookie" not in second.headers and not second.cookies
    assert f'data-read-url="{reverse("readcounts:read", args=[article.pk])}"' in (
        second.content.decode()
    )
    assert ReadCount.objects.count() == 0
    assert reads_redis.keys(f"{settings.READS_KEY_PREFIX}:*") == []


@pytest.mark.django_db
def test_most_read_ranks_the_reads_of_the_window(client, reads_redis, settings):
    settings.READS_MOST_READ_HOURS = 24
    popular, quiet, unread = make_article(), make_article(), make_article()
    for n in range(3):
        beacon(client, popular, address=f"203.0.113.{n}")
    beacon(client, quiet)
    fold_pending_reads()

    assert most_read(limit=5) == [popular, quiet]
    assert unread not in most_read(limit=5)


@pytest.mark.django_db
def test_the_admin_shows_each_articles_reads(admin_client, client, reads_redis):
    article = make_article(title="Tin có lượt xem")
    for n in range(4):
        beacon(client, article, address=f"203.0.113.{n}")
    fold_pending_reads()

    content = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "Lượt xem" in content
    assert '<td class="field-reads">4</td>' in content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@needs_chromium
@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_a_browser_reports_one_read_per_article_however_often_it_comes_back(
    browser, live_server, reads_redis, device
):
    article = make_article()
    context = open_context(browser, device)
    page = context.new_page()
    with page.expect_request(lambda r: "/api/doc/" in r.url):
        page.goto(live_server.url + article.get_absolute_url())
    page.reload(wait_until="networkidle")
    page.goto(live_server.url + "/", wait_until="networkidle")
    page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
    context.close()
    other = open_context(browser, device)  # another browser, same office address
    other_page = other.new_page()
    with other_page.expect_request(lambda r: "/api/doc/" in r.url):
        other_page.goto(live_server.url + article.get_absolute_url())
    other_page.wait_for_load_state("networkidle")
    other.close()

    fold_pending_reads()

    assert reads_of(article) == 2
