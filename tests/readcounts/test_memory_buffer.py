"""The in-memory read buffer of `make run` (no Redis) keeps the rules of the
Redis one: its per-address and per-network caps last a day, then the address
is counted again, and a network that floods an article is muted for the day."""

from datetime import timedelta

from django.utils import timezone

from readcounts.buffer import MemoryCounts, Read


def read(address="a1", network="n1", when=None):
    return Read(article_id=5, network=network, address=address, now=int(when.timestamp()))


def test_an_address_past_its_limit_is_counted_again_the_next_day(settings):
    settings.READS_MAX_PER_ADDRESS_PER_DAY = 2
    today = timezone.now().replace(hour=10)
    store = MemoryCounts()
    assert [store.count(read(when=today)) for _ in range(3)] == [True, True, False]

    assert store.count(read(when=today + timedelta(days=1)))
    assert store.take() == {
        f"5:{int(today.timestamp()) // 3600 * 3600}": 2,
        f"5:{int((today + timedelta(days=1)).timestamp()) // 3600 * 3600}": 1,
    }


def test_a_network_counts_up_to_its_cap_whatever_its_addresses(settings):
    settings.READS_MAX_PER_NETWORK_PER_DAY = 3
    now = timezone.now()
    store = MemoryCounts()

    counted = [store.count(read(address=f"a{n}", when=now)) for n in range(10)]

    assert counted == [True] * 3 + [False] * 7


def test_a_network_flooding_an_article_is_muted_for_the_day(settings):
    settings.READS_FLOOD_READS, settings.READS_FLOOD_SECONDS = 2, 60
    now = timezone.now().replace(hour=10, minute=0, second=0)
    store = MemoryCounts()

    flood = [store.count(read(address=f"a{n}", when=now)) for n in range(3)]
    later = store.count(read(address="a9", when=now + timedelta(hours=2)))

    assert flood == [True, True, False] and later is False
    assert store.count(read(address="b1", network="n2", when=now))  # another network
