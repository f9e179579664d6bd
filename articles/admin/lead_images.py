"""What the change form shows of the lead image: the picture itself, not a
file name, and, when a pending revision proposes another picture, the one
readers see now beside the proposed one, so the approver compares them."""

from dataclasses import dataclass

from django.core.files.storage import default_storage

from images.storage import staff_url

from ..models import Article


@dataclass(frozen=True)
class Shown:
    """One picture on the form: its caption on the form, its staff-only
    address ("" when there is no picture) and its alternative text."""

    label: str
    src: str
    alt: str


def _shown(label, image_name, caption, url=staff_url):
    alt = f"{label}: {caption}" if caption else label
    return Shown(label, url(image_name) if image_name else "", alt)


def lead_images(article: Article | None) -> list[Shown]:
    """The pictures for `article` as the form has it (a pending revision laid
    over, see revisions.with_pending_text): the current one alone, or the
    current and the proposed when the revision changes the picture. An
    empty list when there is no article or no picture at all.

    One query, only when a revision is pending (the stored row's picture).
    """
    if article is None:
        return []
    form_image = article.image_large.name or article.lead_image.name or ""
    caption = article.lead_image_caption
    if article.pk and article.has_pending_revision:
        live = Article.objects.filter(pk=article.pk).values_list(
            "image_large", "lead_image", "lead_image_caption"
        )
        large, original, live_caption = live.get()
        if (large or original or "") != form_image:
            # Only a published article has pending revisions, and its
            # rendition is public (uploads.publish_uploads): linked as
            # readers get it. An original stays private.
            current = (
                _shown("Ảnh đang dùng", large, live_caption, url=default_storage.url)
                if large
                else _shown("Ảnh đang dùng", original, live_caption)
            )
            proposed = _shown("Ảnh đề xuất, chờ duyệt", form_image, caption)
            return [current, proposed]
    return [_shown("Ảnh đang dùng", form_image, caption)] if form_image else []
