"""Images inside article bodies: uploaded from the editor, validated and
processed like the lead image (articles.uploads.upload_body_image), shown on
the public page as renditions.

The editor stores a plain `<img src="(largest JPEG)" data-file="(id)">` in the
body, sanitized like the rest of it; the public page swaps each such image for
a `<picture>` with WebP and JPEG `srcset`, width and height (`render_body`).
"""

from django.conf import settings
from django.db import models
from django.utils.safestring import mark_safe

from images.ingest import validate_image
from images.markup import file_ids, with_pictures
from images.renditions import fallback_name
from images.storage import private_storage, staff_url

BODY_IMAGE_SIZES = "(max-width: 820px) 100vw, 780px"


class BodyImage(models.Model):
    # The clean original stays private; readers see its renditions.
    image = models.ImageField(
        "ảnh", upload_to="body/%Y/%m/", storage=private_storage, validators=[validate_image]
    )
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
            # Never the file as the camera wrote it: articles.uploads stores
            # its clean original and renditions.
            raise ValueError("body image not processed: use uploads.upload_body_image")
        super().save(*args, **kwargs)

    @property
    def url(self):
        """The plain `src` the editor stores: the largest JPEG rendition, at
        its staff-only address (the public page shows the renditions by id)."""
        return staff_url(fallback_name(self.renditions["body"]))


def render_body(body):
    """The sanitized body with every editor-uploaded image as a `<picture>`
    (one query for all of them). Other images are left as they are."""
    body = body or ""
    ids = file_ids(body)
    if not ids:
        return mark_safe(body)  # noqa: S308 - sanitized on save
    descriptions = {
        pk: renditions["body"]
        for pk, renditions in BodyImage.objects.filter(pk__in=ids).values_list("pk", "renditions")
    }
    return with_pictures(body, descriptions, sizes=BODY_IMAGE_SIZES)
