"""How articles are grouped: categories (chuyên mục, one per article, the
site's menu) and topics (chủ đề, tags across categories). Models of this app,
imported by articles/models.py."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .folded_names import NamedQuerySet
from .text import clean_fields_text
from .text.slugs import fill_missing_slug


def slug_field():
    """The URL part of a category or topic page: unique, made from the name
    when left blank (see text/slugs.py)."""
    return models.SlugField(
        _("đường dẫn"),
        max_length=140,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tên."),
    )


class Category(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=120, unique=True)
    slug = slug_field()
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    description = models.TextField(_("mô tả"), blank=True)

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_missing_slug(self, self.name)  # the services also clean and retry
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:category", args=[self.slug])

    def clean(self):
        self.clean_text_fields()
        if not self.name:
            raise ValidationError({"name": "Tên chuyên mục không được để trống."})

    def clean_text_fields(self):
        """Normalise the name and description in place (text/normalize.py)."""
        clean_fields_text(self, lines=["name"], texts=["description"])


class Topic(models.Model):
    """A topic (chủ đề): a tag across categories, with its own page and feed.
    Editors pick topics on the article form with the admin's autocomplete."""

    name = models.CharField(_("tên chủ đề"), max_length=120, unique=True)
    slug = slug_field()  # same rules as a category's

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_missing_slug(self, self.name)  # the services also clean and retry
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])

    def clean_text_fields(self):
        """Normalise the name in place (text/normalize.py)."""
        clean_fields_text(self, lines=["name"])
