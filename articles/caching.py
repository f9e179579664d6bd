"""What the page cache must know about articles: the surrogate keys of the
public pages (pagecache.keys), what a change of an article, a category or a
topic expires, and when the next scheduled article goes public. Registered
in ArticlesConfig.ready(); the page cache imports no app.

Every article page lists the latest articles and the topics' names, and
every page shows the categories in its menu, so those changes reach wide.
"""

from datetime import datetime, time, timedelta

from django.db.models.signals import m2m_changed
from django.utils import timezone

from pagecache import expire, keys, registry

from .models import Article, Category, Topic

HOME = "home"
ARTICLE_PAGES = "articles"  # every article page (its rail lists the latest articles)
SEARCH = "search"
FEEDS = "feeds"
SITEMAP = "sitemap"


def article_keys(article):
    """The pages that show `article` (or showed it, before a change): its
    own, its category's and topics' listings, the home page, every article
    page, search results, the feeds and the sitemap. One query (its topics)."""
    topics = article.topics.values_list("pk", flat=True) if article.pk else []
    return [
        keys.for_object(article),
        keys.of(Category, article.category_id),
        *(keys.of(Topic, pk) for pk in topics),
        HOME,
        ARTICLE_PAGES,
        SEARCH,
        FEEDS,
        SITEMAP,
    ]


def category_keys(category):
    """Every page: the menu lists the categories."""
    return [keys.EVERY_PAGE]


def topic_keys(topic):
    """The topic's page, every article page (it names its topics), the feeds
    and the sitemap."""
    return [keys.for_object(topic), ARTICLE_PAGES, FEEDS, SITEMAP]


def next_scheduled():
    """When the next scheduled article goes public (a datetime), or None."""
    return (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def topics_changed(sender, instance, action, reverse, pk_set, **_):
    """Article.topics changed (either side): the article's pages and the
    pages of the topics it left or joined. A clear is read before it runs."""
    if action not in {"pre_clear", "post_add", "post_remove"}:
        return
    if reverse:  # a topic's articles changed
        article_pks = pk_set if action != "pre_clear" else instance.articles.values("pk")
        changed = [keys.for_object(instance)]
        articles = list(Article.objects.filter(pk__in=article_pks))
    else:
        topic_pks = (
            pk_set if action != "pre_clear" else list(instance.topics.values_list("pk", flat=True))
        )
        changed = [keys.of(Topic, pk) for pk in topic_pks]
        articles = [instance]
    for article in articles:
        changed.extend(article_keys(article))
    expire(dict.fromkeys(changed))


def next_midnight():
    """The next midnight in the portal's time zone: every page's top strip
    carries the day's date line, so no page is kept into the next day."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


def register():
    m2m_changed.connect(
        topics_changed, sender=Article.topics.through, dispatch_uid="pagecache-article-topics"
    )
    registry.expire_on_change(Article, article_keys)
    registry.expire_on_change(Category, category_keys)
    registry.expire_on_change(Topic, topic_keys)
    registry.next_change_at(next_scheduled)
    registry.next_change_at(next_midnight)
