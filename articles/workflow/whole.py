"""A revision is the whole article: besides the article's own columns, each
history row records the topics of its version (`topic_ids`), the lead
image's renditions (so the image of a version is shown as it was, and an
approved one goes public at once), and the workflow action saved with it.

What an article about to be saved proposes is told to the history through
attributes of the instance, read once when its revision is written:
`_revision_topic_ids` (the topics the save gives it; else the stored ones),
`_revision_review` and `_revision_action` ((action, remark)).
"""

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from ..models import Article, RevisionReview
from ..revision_action import record_action
from ..uploads import prepare_lead_image

HistoricalArticle = Article.history.model
# The lead image of a version and the renditions made from it.
IMAGE_FIELDS = ("lead_image", "image_thumb", "image_large", "image_renditions")


def topic_ids_of(article) -> list[int]:
    """The topic ids `article`'s next revision records: those its save
    proposes (`_revision_topic_ids`), else the stored ones; sorted."""
    proposed = getattr(article, "_revision_topic_ids", None)
    if proposed is not None:
        return sorted(proposed)
    if article.pk is None:
        return []
    return sorted(article.topics.values_list("pk", flat=True))


@receiver(pre_create_historical_record, sender=HistoricalArticle)
def _record_whole(sender, instance, history_instance, **_):
    history_instance.review = getattr(instance, "_revision_review", RevisionReview.Review.SAVED)
    history_instance.topic_ids = topic_ids_of(instance)
    record_action(sender, instance, history_instance)


@receiver(post_create_historical_record, sender=HistoricalArticle)
def _remember_revision(sender, instance, history_instance, **_):
    # A transition pressed with the same save amends this row (one revision).
    instance._saved_revision = history_instance


def propose_topics(article: Article, topics) -> None:
    """Tell the next revision of `article` that it has `topics` (Topic
    objects or ids; None: the stored ones). Nothing is saved."""
    if topics is None:
        return
    article._revision_topic_ids = [getattr(topic, "pk", topic) for topic in topics]


def proposed_topic_ids(article: Article) -> list[int] | None:
    """The topic ids proposed for `article` (propose_topics), or None."""
    return getattr(article, "_revision_topic_ids", None)


def lay_over(article: Article, revision, content_fields) -> None:
    """Set `revision`'s content on `article` (not saved): `content_fields`
    (attribute names), the lead image with its renditions, and its topics
    as the ones the next save proposes (when the revision recorded them)."""
    for name in content_fields:
        setattr(article, name, getattr(revision, name))
    _copy_image(article, revision)
    if revision.topic_ids is not None:
        propose_topics(article, revision.topic_ids)


def _copy_image(article, revision):
    for name in IMAGE_FIELDS:
        setattr(article, name, getattr(revision, name))
    if article.lead_image and not article.image_large:
        # A revision from before renditions were recorded: made again.
        article.image_renditions = None


def apply_pending_image(*, article: Article, revision) -> bool:
    """Give `article` the lead image of `revision` (a revision being
    approved or restored) with renditions of that very image, so the public
    page shows it at once.

    The renditions are those the revision recorded, made again from its
    image (uploads.prepare_lead_image) when they are missing (older history)
    or when the image replaces the one the stored row has. This is the one
    step by which an approved version's image becomes the article's; the
    files go public when the article is stored (uploads.publish_uploads,
    called by writing.store_article). Nothing is saved. Returns whether the
    article's image changed. Raises what Pillow raises for an unreadable file.
    """
    stored = Article.objects.filter(pk=article.pk).values_list("lead_image", flat=True).first()
    _copy_image(article, revision)
    if article.lead_image and not article.image_renditions:
        article.image_large = ""  # prepare_lead_image remakes them
    prepare_lead_image(article=article)
    return (stored or "") != (article.lead_image.name or "")


def set_topics(article: Article) -> None:
    """Store the proposed topics (propose_topics) on the saved `article`,
    then forget the proposal."""
    proposed = getattr(article, "_revision_topic_ids", None)
    if proposed is not None:
        article.topics.set(proposed)
        del article._revision_topic_ids
