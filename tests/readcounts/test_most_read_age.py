"""Đọc nhiều is never shown older than READS_MOST_READ_MAX_AGE_SECONDS,
whatever the page caches are allowed to keep: the in-app page cache and the
front's `s-maxage` are both cut to what is left of that age."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from readcounts.checks import check_read_settings
from readcounts.models import ReadCount
from readcounts.selectors import most_read_page_seconds
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_caches(settings):
    """An operator who lets pages be kept an hour, in the app and at the front."""
    settings.PAGE_CACHE_SECONDS = 3600
    settings.FRONT_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_STALE_SECONDS = 60
    settings.FRONT_STALE_SECONDS = 30
    settings.READS_FOLD_SECONDS = 60
    settings.READS_MOST_READ_MAX_AGE_SECONDS = 600
    return settings


def read(article, count):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    ReadCount.objects.create(article=article, hour=hour, count=count)


def rail(response):
    html = response.content.decode()
    return html[html.index('id="rail-doc-nhieu"') :]


def s_maxage(response):
    return int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])


def test_most_read_on_a_cached_article_page_is_renewed_within_the_set_age(
    client, long_caches, time_machine
):
    page = make_article(title="Bài đang đọc")
    read(make_article(title="Bài đọc nhiều hôm qua"), 10)
    rising = make_article(title="Bài mới được đọc nhiều")  # a publish: before the first view
    client.get(page.get_absolute_url())
    read(rising, 50)  # folded reads expire no page

    time_machine.move_to(timezone.now() + timedelta(seconds=60))
    still_cached = client.get(page.get_absolute_url())
    time_machine.move_to(timezone.now() + timedelta(seconds=600))
    later = client.get(page.get_absolute_url())

    assert still_cached["X-Page-Cache"] == "hit"
    assert "Bài mới được đọc nhiều" not in rail(still_cached)
    assert "Bài mới được đọc nhiều" in rail(later)


def test_the_front_keeps_a_page_with_most_read_no_longer_than_the_set_age_allows(
    client, long_caches
):
    page = make_article(title="Bài đang đọc")
    read(make_article(title="Bài đọc nhiều"), 10)

    first = client.get(page.get_absolute_url())
    again = client.get(page.get_absolute_url())

    # 600 s in all, less the longer stale time (60 s): a copy served stale
    # by the app or the front after that still shows a list under 600 s old.
    for response in (first, again):
        assert 1 <= s_maxage(response) <= 540
    assert again["X-Page-Cache"] == "hit"


def test_a_page_is_kept_no_longer_than_what_is_left_of_the_lists_age(long_caches):
    assert most_read_page_seconds(age=0) == 540
    assert most_read_page_seconds(age=60) == 480
    assert most_read_page_seconds(age=600) <= 0


def test_pages_without_most_read_keep_their_own_timeout(client, long_caches):
    make_article()
    client.get(reverse("articles:home"))

    assert s_maxage(client.get(reverse("articles:home"))) > 540


def test_a_most_read_age_too_short_to_cache_article_pages_is_warned_of(long_caches):
    long_caches.READS_MOST_READ_MAX_AGE_SECONDS = 90

    warnings = check_read_settings()

    assert [warning.id for warning in warnings] == ["readcounts.W001"]


def test_the_default_most_read_age_leaves_article_pages_cached(long_caches):
    assert check_read_settings() == []
