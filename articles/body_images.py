"""Images inside article bodies: uploaded from the editor, validated and
processed like the lead image, shown on the public page as renditions.

The editor stores a plain `<img src="(largest JPEG)" data-file="(id)">` in the
body, sanitized like the rest of it; the public page swaps each such image for
a `<picture>` with WebP and JPEG `srcset`, width and height (`render_body`).
"""

import html
import re

from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from images.ingest import clean_original, load_web_image, validate_image
from images.renditions import BODY_RENDITIONS, fallback_name, make_renditions, srcset

BODY_IMAGE_SIZES = "(max-width: 820px) 100vw, 780px"
# nh3 writes attributes double-quoted and escaped, so this reads its output safely.
_IMG_RE = re.compile(r"<img\b[^>]*>")
_ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')


class BodyImage(models.Model):
    image = models.ImageField("ảnh", upload_to="body/%Y/%m/", validators=[validate_image])
    renditions = models.JSONField(default=dict, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ảnh trong bài"
        verbose_name_plural = "ảnh trong bài"

    def __str__(self):
        return self.image.name

    def save(self, *args, **kwargs):
        if not getattr(self.image, "_committed", True):
            image = load_web_image(self.image)
            original = clean_original(image)
            self.image.save(original.name, original, save=False)
            self.renditions = make_renditions(image, BODY_RENDITIONS)
        super().save(*args, **kwargs)

    @property
    def url(self):
        """The plain `src` the editor stores: the largest JPEG rendition."""
        return self.image.storage.url(fallback_name(self.renditions["body"]))


def render_body(body):
    """The sanitized body with every editor-uploaded image as a `<picture>`
    (one query for all of them). Other images are left as they are."""
    body = body or ""
    ids = {int(m) for m in re.findall(r'data-file="(\d+)"', body)}
    if not ids:
        return mark_safe(body)  # noqa: S308 - sanitized on save
    images = {image.pk: image for image in BodyImage.objects.filter(pk__in=ids)}

    def picture(match):
        attrs = dict(_ATTR_RE.findall(match.group()))
        image = images.get(int(attrs.get("data-file", "0") or 0))
        if image is None:
            return match.group()
        description = image.renditions["body"]
        return format_html(
            '<picture><source type="image/webp" srcset="{}" sizes="{}">'
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy">'
            "</picture>",
            srcset(description, "webp"),
            BODY_IMAGE_SIZES,
            image.url,
            srcset(description, "jpeg"),
            BODY_IMAGE_SIZES,
            description["width"],
            description["height"],
            # Escaped by the sanitizer: unescaped once so format_html escapes once.
            html.unescape(attrs.get("alt", "")),
        )

    return mark_safe(_IMG_RE.sub(picture, body))  # noqa: S308 - sanitized + format_html
