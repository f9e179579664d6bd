"""What expires pages, told by the apps that own the data: the page cache
imports no app. Apps register from their AppConfig.ready():

- `expire_on_change(model, keys)`: a save or delete of an instance of
  `model` expires the pages of `keys(instance)` (see pagecache.keys), as it
  was before the change and as it is after (an article moved to another
  category leaves the old one's listing too);
- `next_change_at(moment)`: `moment()` is when the next scheduled change goes
  public (a datetime, or None when none is scheduled); no page or fragment is
  kept past the earliest of these moments, so scheduled content appears on
  time without any job.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .expiry import expire

KeysOf = Callable[[models.Model], Iterable[str]]
_moments: list[Callable[[], datetime | None]] = []
_receivers: dict[type[models.Model], tuple[Callable[..., None], ...]] = {}


def expire_on_change(model: type[models.Model], keys: KeysOf) -> None:
    """Expire the pages of `keys(instance)` whenever an instance of `model` is
    saved or deleted, with the keys of its stored row before the change (one
    more query per save: the row, then whatever `keys` reads), now and again
    when the transaction commits (see `pagecache.expire`). Registering a
    model again replaces its `keys`."""

    def before(sender, instance, raw=False, **_):
        if raw or instance._state.adding or instance.pk is None:
            return
        stored = model._base_manager.filter(pk=instance.pk).first()
        instance._pagecache_keys_before = frozenset(keys(stored)) if stored else frozenset()

    def after(sender, instance, **_):
        expire({*keys(instance), *getattr(instance, "_pagecache_keys_before", ())})
        instance._pagecache_keys_before = frozenset()

    _receivers[model] = (before, after)  # the signals hold them weakly
    label = model._meta.label_lower
    for signal, receiver, uid in (
        (pre_save, before, f"pagecache-{label}-before-save"),
        (pre_delete, before, f"pagecache-{label}-before-delete"),
        (post_save, after, f"pagecache-{label}-save"),
        (post_delete, after, f"pagecache-{label}-delete"),
    ):
        signal.disconnect(sender=model, dispatch_uid=uid)
        signal.connect(receiver, sender=model, dispatch_uid=uid)


def next_change_at(moment: Callable[[], datetime | None]) -> None:
    """Register `moment`: a function (no arguments) returning when the next
    scheduled change of its app goes public, or None. It is called once per
    page generation, and again once that moment has passed."""
    if moment not in _moments:
        _moments.append(moment)


def next_change() -> datetime | None:
    """The earliest moment any registered app's next scheduled change goes
    public, or None when nothing is scheduled. Raises what the providers raise
    (a database error while the database is down)."""
    upcoming = [moment for moment in (provider() for provider in _moments) if moment]
    return min(upcoming, default=None)
