"""Đọc nhiều counts readers, not requests: one network (an IPv4 /24, an IPv6
/64) moves an article's reads by at most its cap however many addresses it
rotates, a flood from one network is not counted, and beacons for ids that
are not public articles are refused with nothing stored. The attacker's
tests, on the real Redis."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.workflow.rules import Status
from readcounts.checks import check_read_settings
from readcounts.folding import fold_pending_reads
from tests.factories import make_article
from tests.readcounts.test_reads import beacon, reads_of

NETWORK_CAP = 10


@pytest.fixture
def caps(settings):
    settings.READS_MAX_PER_NETWORK_PER_DAY = NETWORK_CAP
    settings.READS_MAX_PER_ADDRESS_PER_DAY = 50
    settings.READS_FLOOD_READS = 10_000  # the caps alone; the flood has its own test


@pytest.mark.django_db
def test_forty_addresses_of_one_ipv4_slash24_move_the_count_by_at_most_the_network_cap(
    client, reads_redis, caps
):
    article = make_article()

    for n in range(40):
        for _ in range(5):
            beacon(client, article, address=f"198.51.100.{n + 1}")
    fold_pending_reads()

    assert reads_of(article) == NETWORK_CAP


@pytest.mark.django_db
def test_two_hundred_addresses_of_one_ipv6_slash64_move_the_count_by_at_most_the_network_cap(
    client, reads_redis, caps
):
    article = make_article()

    for n in range(200):
        beacon(client, article, address=f"2001:db8:7:1::{n + 1:x}")
    fold_pending_reads()

    assert reads_of(article) == NETWORK_CAP


@pytest.mark.django_db
def test_readers_of_other_networks_are_still_counted(client, reads_redis, caps):
    article = make_article()
    for n in range(20):
        beacon(client, article, address=f"198.51.100.{n + 1}")

    for n in range(5):
        beacon(client, article, address=f"203.0.{n}.7")
        beacon(client, article, address=f"2001:db8:7:{n + 2}::1")
    fold_pending_reads()

    assert reads_of(article) == NETWORK_CAP + 10


@pytest.mark.django_db
def test_a_flood_from_one_network_on_one_article_stops_its_reads_for_the_day(
    client, reads_redis, settings
):
    settings.READS_FLOOD_READS, settings.READS_FLOOD_SECONDS = 5, 3600
    article, other = make_article(), make_article()

    for n in range(40):
        beacon(client, article, address=f"198.51.100.{n + 1}")
    beacon(client, other, address="198.51.100.1")  # another article: not muted
    fold_pending_reads()

    assert reads_of(article) == 5
    assert reads_of(other) == 1


def reads_keys(redis_client, settings):
    return sorted(redis_client.keys(f"{settings.READS_KEY_PREFIX}:*"))


@pytest.mark.django_db
def test_beacons_for_ids_that_are_not_public_articles_are_refused_and_store_nothing(
    client, reads_redis, settings
):
    draft = make_article()
    Article.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    made_up = [draft.pk + 1000 + n for n in range(200)]
    before = reads_keys(reads_redis, settings)

    answers = [beacon(client, draft, address="198.51.100.1")]
    for pk in made_up:
        answers.append(
            client.post(
                reverse("readcounts:read", args=[pk]),
                headers={"User-Agent": "Mozilla/5.0 Firefox/140.0"},
                REMOTE_ADDR=f"2001:db8::{pk:x}",
            )
        )

    assert {answer.status_code for answer in answers} == {404}
    assert answers[0].json() == {"errors": {"__all__": ["Không tìm thấy bài viết"]}}
    assert reads_keys(reads_redis, settings) == before == []


@pytest.mark.django_db
def test_every_key_the_counter_writes_expires_and_there_is_one_per_article_read(
    client, reads_redis, settings
):
    articles = [make_article() for _ in range(3)]
    for article in articles:
        for n in range(30):
            beacon(client, article, address=f"2001:db8:{n}::1")

    keys = reads_keys(reads_redis, settings)
    seen = [key for key in keys if b":seen:" in key]

    assert len(seen) == len(articles)
    assert all(0 < reads_redis.ttl(key) <= 2 * 86400 for key in keys)  # seconds


def test_a_network_prefix_outside_its_family_stops_manage_py_check(settings):
    settings.READS_IPV4_NETWORK_PREFIX, settings.READS_IPV6_NETWORK_PREFIX = 33, 64

    errors = check_read_settings()

    assert [error.msg for error in errors] == [
        "READS_IPV4_NETWORK_PREFIX is 33; it must be a whole number from 0 to 32."
    ]
