"""Old slugs: the addresses an article, a category or a topic had before its
slug changed, so that old links, bookmarks, search results and feed
subscriptions follow it (articles/moved.py answers them with a 301).

Recorded by `kept(obj)` around the save that may change the slug: the
writing services (articles/writing.py) that the admin, the workflow and
revision services and the commands save through. A model's save() does not
record it: a migration that rewrites slugs is not a move readers follow.
An entry names the object, not the next slug, so an object renamed twice is
found from any of its old slugs in one hop.
"""

from contextlib import contextmanager

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What has old slugs; the values are the model names, and the names of
    OldSlug's keys."""

    ARTICLE = "article", _("bài viết")
    CATEGORY = "category", _("chuyên mục")
    TOPIC = "topic", _("chủ đề")


def _names_one_object():
    """Exactly the key of its kind is set."""
    return Q.create(
        [Q(kind=kind, **{f"{key}__isnull": key != kind for key in Kind.values}) for kind in Kind],
        connector=Q.OR,
    )


class OldSlug(models.Model):
    """A slug `kind` objects no longer use, and the object that used it last.
    One entry per kind and slug: when the slug is given up again, by another
    object, the entry names that one."""

    Kind = Kind

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    # The unique constraint's index serves the look-up by kind and slug.
    slug = models.SlugField(_("đường dẫn cũ"), max_length=200, db_index=False)
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, null=True, blank=True, related_name="old_slugs"
    )
    category = models.ForeignKey(
        "articles.Category", models.CASCADE, null=True, blank=True, related_name="old_slugs"
    )
    topic = models.ForeignKey(
        "articles.Topic", models.CASCADE, null=True, blank=True, related_name="old_slugs"
    )
    moved_at = models.DateTimeField(_("đổi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đường dẫn cũ")
        verbose_name_plural = _("đường dẫn cũ")
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="old_slug_unique_per_kind"),
            models.CheckConstraint(condition=_names_one_object(), name="old_slug_names_one_object"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.slug}"


def kind_of(obj):
    """The OldSlug kind of a model instance; ValueError for another model."""
    return Kind(obj._meta.model_name)


@contextmanager
def kept(obj):
    """Around a block that saves `obj` (an article, category or topic, new or
    not): record its stored slug as an old slug of it when the block leaves
    it with another one, in the block's transaction.

    One query for the stored slug (none for a new object), and two writes only
    when the slug changed: the old slug now names `obj`, and its new slug is no
    longer an old one of it. Raises ValueError for a model without old slugs.
    """
    kind = kind_of(obj)
    with transaction.atomic():
        before = None
        if obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk)
            before = stored.values_list("slug", flat=True).first()
        yield
        if not before or before == obj.slug:
            return
        OldSlug.objects.update_or_create(kind=kind, slug=before, defaults={kind: obj})
        OldSlug.objects.filter(kind=kind, slug=obj.slug, **{kind: obj}).delete()
