"""Unique slugs for any title length and any number of same-title rows, with
the database's unique constraint as the final judge."""

from django.db import IntegrityError, transaction

from .normalize import vietnamese_slugify

FALLBACK_SLUG = "bai-viet"
SLUG_SAVE_ATTEMPTS = 5
# Room kept for the longest suffix we expect ("-" and up to ten digits).
_SUFFIX_ROOM = 11


def unique_slug(model, text, *, max_length, exclude_pk=None):
    """The slug of `text` (a title or name), or `slug-2`, `slug-3`... whichever
    no other row of `model` uses; never longer than `max_length` characters.

    Earlier rows may have had their base cut to make room for a suffix, so the
    taken slugs are read by the part every candidate shares (the base minus
    the suffix room), not by the whole base. One query.
    """
    base = vietnamese_slugify(text, max_length) or FALLBACK_SLUG
    stem = base[: max_length - _SUFFIX_ROOM]
    taken = set(
        model._default_manager.filter(slug__startswith=stem)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


def fill_missing_slug(instance, source_text: str) -> None:
    """Give `instance` a free slug made from `source_text` when it has none.

    The default for a row saved outside the writing services (a shell, an
    outside tool's `get_or_create`): it is not retried when another save
    takes the same slug at the same moment, which the services do
    (`save_with_unique_slug`). One query; nothing when the slug is set.
    """
    if not instance.slug:
        field = instance._meta.get_field("slug")
        instance.slug = unique_slug(
            type(instance), source_text, max_length=field.max_length, exclude_pk=instance.pk
        )


def save_with_unique_slug(instance, source_text, save, *args, **kwargs):
    """Call `save(*args, **kwargs)` for `instance`, making its slug from
    `source_text` when it has none.

    Two editors saving the same title at the same moment both compute the same
    free slug; the second INSERT then fails on the unique constraint. The save
    runs in a savepoint and, when another row now holds the slug, is retried
    with a fresh one (up to SLUG_SAVE_ATTEMPTS times). Any other integrity
    error, or a slug the editor typed, is raised unchanged.
    """
    if instance.slug:
        return save(*args, **kwargs)
    field = instance._meta.get_field("slug")
    for attempt in range(SLUG_SAVE_ATTEMPTS):
        instance.slug = unique_slug(
            type(instance), source_text, max_length=field.max_length, exclude_pk=instance.pk
        )
        try:
            with transaction.atomic():
                return save(*args, **kwargs)
        except IntegrityError:
            clash = (
                type(instance)
                ._default_manager.filter(slug=instance.slug)
                .exclude(pk=instance.pk)
                .exists()
            )
            if not clash or attempt == SLUG_SAVE_ATTEMPTS - 1:
                instance.slug = ""
                raise
    return None  # pragma: no cover - the loop returns or raises
