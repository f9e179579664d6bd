"""Images coming into articles: an article's lead image and the images
uploaded from the editor into a body, both through `images.ingest` (one way
for both), stored privately until the version using them is approved
(`publish_uploads`). The admin, the revision services, seed_demo and the
tests call these; the models' save() writes no files."""

from typing import TYPE_CHECKING

from django.core.files import File

from images.ingest import ingest_upload
from images.markup import file_ids
from images.renditions import BODY_RENDITIONS, LEAD_RENDITIONS, fallback_name, names
from images.storage import publish

from .body_images import BodyImage
from .models import Article

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def prepare_lead_image(*, article: Article) -> bool:
    """Bring the article's lead image and its renditions in line, before the
    article is saved (this does not save it).

    A new upload is replaced by its clean original (images.ingest: no
    camera metadata, a name nobody can guess) and its renditions are stored
    (`image_renditions`, with the largest JPEGs in `image_thumb` and
    `image_large`); an article without a lead image loses its renditions; a
    stored image keeps the renditions it has, unless it replaces the image
    the stored row has (an approved proposal, a restored revision: their
    renditions are made for it here), or `image_large` is cleared.

    Returns whether files were written. Raises what Pillow raises for an
    unreadable file (the admin form validates uploads first).
    """
    if not article.lead_image:
        article.image_thumb = article.image_large = ""
        article.image_renditions = None
        return False
    stored = getattr(article.lead_image, "_committed", True)
    if stored and article.image_large and not _replaced(article):
        return False
    article.image_renditions = ingest_upload(file=article.lead_image, spec=LEAD_RENDITIONS)
    article.image_thumb = fallback_name(article.image_renditions["thumb"])
    article.image_large = fallback_name(article.image_renditions["large"])
    return True


def _replaced(article: Article) -> bool:
    """Whether `article` names another stored lead image than its row does."""
    if article.pk is None:
        return False
    stored = Article.objects.filter(pk=article.pk).values_list("lead_image", flat=True).first()
    return stored != article.lead_image.name


def upload_body_image(*, image: File, by: "User | None") -> BodyImage:
    """Store an image uploaded from the editor's "Chọn ảnh..." window: its
    clean original and body renditions (images.ingest), and its BodyImage row.

    Args:
        image: the uploaded file, already validated (images.ingest.validate_image).
        by: who uploaded it (kept on the row), or None.

    Returns the saved BodyImage. Raises what Pillow raises for an unreadable file.
    """
    body_image = BodyImage(image=image, uploaded_by=by)
    body_image.renditions = ingest_upload(file=body_image.image, spec=BODY_RENDITIONS)
    body_image.save()
    return body_image


def publish_uploads(*, article: Article) -> list[str]:
    """Make public what readers of `article` see: the renditions of its lead
    image and of the editor-uploaded images its body names, moved from the
    private storage to the public one (images.storage.publish). The clean
    originals stay private: pages show renditions only.

    The writing service calls it for every save of a published article, so
    an approval (of a draft or of a pending change) makes the new images
    public in the same step, before the row readers see is saved; files
    already public cost one existence check each. Returns the names moved;
    raises the storages' errors.
    """
    files = [article.image_thumb.name, article.image_large.name]
    for description in (article.image_renditions or {}).values():
        files += names(description)
    ids = file_ids(article.body or "")
    if ids:
        for renditions in BodyImage.objects.filter(pk__in=ids).values_list("renditions", flat=True):
            for description in renditions.values():
                files += names(description)
    return publish(files)


def publish_if_public(*, article: Article) -> None:
    """`publish_uploads` when `article` is (or is being) published."""
    if article.status == Article.Status.PUBLISHED:
        publish_uploads(article=article)
