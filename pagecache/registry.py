"""What expires pages, told by the apps that own the data: the page cache
imports no app. Apps register from their AppConfig.ready():

- `expire_on_change(model, keys)`: a save or delete of an instance of
  `model` expires the pages of `keys(instance)` (see pagecache.keys), as it
  is after the save and as it was before it (a moved article leaves pages);
- `next_change_at(moment)`: `moment()` is when the next scheduled change goes
  public (a datetime, or None when none is scheduled); no page or fragment is
  kept past the earliest of these moments, so scheduled content appears on
  time without any job.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from .expiry import expire

KeysOf = Callable[[models.Model], Iterable[str]]
_moments: list[Callable[[], datetime | None]] = []
_receivers: dict[type[models.Model], Callable[..., None]] = {}
_receivers_before: dict[type[models.Model], Callable[..., None]] = {}


def expire_on_change(model: type[models.Model], keys: KeysOf) -> None:
    """Expire the pages of `keys(instance)` whenever an instance of `model` is
    saved or deleted (now and again when the transaction commits: see
    `pagecache.expire`). Registering a model again replaces its `keys`."""

    def before(sender, instance, raw=False, **_):
        # The pages that showed the stored row (another category, say), read
        # before the save changes it.
        stored = None
        if instance.pk is not None and not raw:
            stored = sender._default_manager.filter(pk=instance.pk).first()
        instance._pagecache_keys_before = list(keys(stored)) if stored is not None else []

    def receiver(sender, instance, **_):
        before = instance.__dict__.pop("_pagecache_keys_before", [])
        expire(dict.fromkeys([*before, *keys(instance)]))

    _receivers[model] = receiver  # the signals hold it weakly
    _receivers_before[model] = before
    label = model._meta.label_lower
    for signal, uid, handler in (
        (pre_save, f"pagecache-{label}-before", before),
        (post_save, f"pagecache-{label}-save", receiver),
        (post_delete, f"pagecache-{label}-delete", receiver),
    ):
        signal.disconnect(sender=model, dispatch_uid=uid)
        signal.connect(handler, sender=model, dispatch_uid=uid)


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
