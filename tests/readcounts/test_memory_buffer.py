"""The in-memory read buffer of `make run` (no Redis) keeps its per-address
limit for a day, as the Redis one does, and then counts the address again."""

from datetime import timedelta

from django.utils import timezone

from readcounts.buffer import MemoryCounts


def test_an_address_past_its_limit_is_counted_again_the_next_day(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    store = MemoryCounts()
    assert [store.first_n_today("10.0.0.1:5", 2) for _ in range(3)] == [True, True, False]

    time_machine.move_to(timezone.now() + timedelta(days=1))

    assert store.first_n_today("10.0.0.1:5", 2)
    assert list(store.per_address) == ["10.0.0.1:5"]
