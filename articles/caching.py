"""What the page cache must know about articles: the surrogate keys of the
public pages (pagecache.keys), what a change of an article, a category or a
topic expires, and when the next scheduled article goes public. Registered
in ArticlesConfig.ready(); the page cache imports no app.

Every article page lists the latest articles and the topics' names, and
every page shows the categories in its menu, so those changes reach wide.
"""

from django.db.models.signals import m2m_changed

from pagecache import expire, keys, registry
from pagecache.schedule import next_midnight

from .models import Article, Category, Page, Topic
from .sitemaps import article_file_keys

HOME = "home"
ARTICLE_PAGES = "articles"  # every article page (its rail lists the latest articles)
SEARCH = "search"
FEEDS = "feeds"
SITEMAP = "sitemap"  # the sitemap index and the site map for people


def article_keys(article):
    """The pages that show `article` (or showed it, before a change): its
    own, its category's and topics' listings, the home page, every article
    page, search results, the feeds, the sitemap index and the one sitemap
    file that lists the article. Two queries (its topics, the first
    sitemap file's block)."""
    topics = article.topics.values_list("pk", flat=True) if article.pk else []
    files = article_file_keys(article.pk) if article.pk else []
    return [
        keys.for_object(article),
        keys.of(Category, article.category_id),
        *(keys.of(Topic, pk) for pk in topics),
        HOME,
        ARTICLE_PAGES,
        SEARCH,
        FEEDS,
        SITEMAP,
        *files,
    ]


def category_keys(category):
    """Every page: the menu lists the categories."""
    return [keys.EVERY_PAGE]


def topic_keys(topic):
    """The topic's page, every article page (it names its topics), the feeds
    and the sitemap."""
    return [keys.for_object(topic), ARTICLE_PAGES, FEEDS, SITEMAP]


def page_keys(page):
    """The agency page's own address: no other page shows its text."""
    return [keys.for_object(page)]


def topics_changed(sender, instance, action, reverse, pk_set, **_):
    """Expire the pages of an article's topics change (the m2m's signal,
    from either side): the article's pages and those of every topic added or
    removed. A clear is expired before it runs, while the topics are known."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # a topic's articles changed
        articles = Article.objects.filter(pk__in=pk_set) if pk_set else instance.articles.all()
        changed = [keys.for_object(instance), *(keys.for_object(a) for a in articles)]
        expire([*changed, HOME, ARTICLE_PAGES, SEARCH, FEEDS, SITEMAP])
        return
    expire([*article_keys(instance), *(keys.of(Topic, pk) for pk in pk_set or ())])


def next_scheduled():
    """When the next scheduled article goes public (a datetime), or None."""
    return (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def register():
    registry.expire_on_change(Article, article_keys)
    registry.expire_on_change(Category, category_keys)
    registry.expire_on_change(Topic, topic_keys)
    registry.expire_on_change(Page, page_keys)
    m2m_changed.connect(
        topics_changed, sender=Article.topics.through, dispatch_uid="articles-topics-expire"
    )
    registry.next_change_at(next_scheduled)
    registry.next_change_at(next_midnight)
