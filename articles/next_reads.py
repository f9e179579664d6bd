"""What to read next, around an article: selectors for the right rail (Tin
mới nhất, Cùng chuyên mục) and "Tin liên quan". Each is one query whatever
the number of articles or topics. The rail's "Đọc nhiều" comes from the
readcounts app (its template tag)."""

from django.conf import settings
from django.db.models import Count
from django.utils.functional import cached_property

from pagecache.memo import until_publish

from .models import Article

RAIL_COUNT = 5
RELATED_COUNT = 4


def _listing():
    return Article.objects.published().for_listing()


def latest(limit=RAIL_COUNT, exclude=()):
    """The newest public articles, without those in `exclude` (pks)."""
    return list(_listing().exclude(pk__in=exclude)[:limit])


def same_category(article, limit=RAIL_COUNT, exclude=()):
    """The newest public articles of the article's category, other than it."""
    return list(
        _listing()
        .filter(category=article.category_id)
        .exclude(pk__in=[article.pk, *exclude])[:limit]
    )


def related(article, topic_ids, limit=RELATED_COUNT):
    """Tin liên quan: public articles sharing the most of `topic_ids` (the
    article's topics), newest first among equals; then, to fill the list,
    the newest of the same category. Two queries at most."""
    found = []
    if topic_ids:
        found = list(
            _listing()
            .filter(topics__in=topic_ids)
            .exclude(pk=article.pk)
            .annotate(shared=Count("topics"))
            .order_by("-shared", "-published_at", "-pk")[:limit]
        )
    if len(found) < limit:
        found += same_category(article, limit - len(found), exclude=[a.pk for a in found])
    return found


class NextReads:
    """What to read next beside one article, each list queried once and only
    when first asked for (the article page keeps most of them in published
    fragments, which a warm page serves without asking)."""

    def __init__(self, article):
        self.article = article

    @cached_property
    def topics(self):
        return list(self.article.topics.all())

    @cached_property
    def related(self):
        return related(self.article, [topic.pk for topic in self.topics])

    @cached_property
    def latest(self):
        # The same newest articles beside every article: queried once per
        # process per publish, this article left out in Python.
        newest = until_publish(
            "latest", lambda: latest(RAIL_COUNT + 1), settings.FRAGMENT_CACHE_SECONDS
        )
        return [other for other in newest if other.pk != self.article.pk][:RAIL_COUNT]

    @cached_property
    def same_category(self):
        shown = [self.article.pk, *(other.pk for other in self.related)]
        return same_category(self.article, exclude=shown)
