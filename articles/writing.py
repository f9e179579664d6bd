"""Writing articles, categories and topics: the text is normalised, an
article's body sanitized, and a blank slug made from the title or name, with
the database's unique constraint as the final judge. The admin, the workflow
and revision services, seed_demo, the bench and the tests save through these;
the models' save() only refuses a row that has no slug. A slug changed by
a save here is kept as an old slug of its object (slug_history.kept), whose
old address then leads to the new one (moved.py)."""

from . import slug_history, uploads
from .models import Article
from .taxonomy import Category, Topic
from .text.codes import document_codes
from .text.sanitize import sanitize_body
from .text.slugs import save_with_unique_slug


def prepare_article(*, article: Article) -> None:
    """Normalise the article's text fields and sanitize its body, in place
    (nothing is saved), and take out its document numbers and codes for the
    search: what a pending revision stores, too."""
    article.clean_text_fields()
    article.body = sanitize_body(article.body)
    article.search_codes = document_codes(article.title, article.summary, article.body)


def store_article(*, article: Article) -> Article:
    """Save `article` (insert or update) after `prepare_article`, its slug made
    from the title when blank.

    The lead image must be prepared first (articles.uploads.prepare_lead_image).
    A published article's images are made public first
    (articles.uploads.publish_uploads): an approval shows them at once.
    Returns the article. Raises IntegrityError for a clash other than two
    editors racing for the same new slug (text/slugs.py retries that one), and
    ValueError for an unprepared lead image.
    """
    prepare_article(article=article)
    uploads.publish_if_public(article=article)
    with slug_history.kept(article):
        save_with_unique_slug(article, article.title, article.save)
    return article


def store_category(*, category: Category) -> Category:
    """Save `category` with its name and description normalised, its slug made
    from the name when blank. Returns it; raises IntegrityError as
    `store_article` does (a name another category has, for one)."""
    category.clean_text_fields()
    with slug_history.kept(category):
        save_with_unique_slug(category, category.name, category.save)
    return category


def store_topic(*, topic: Topic) -> Topic:
    """Save `topic` with its name normalised, its slug made from the name when
    blank. Returns it; raises IntegrityError as `store_category` does."""
    topic.clean_text_fields()
    with slug_history.kept(topic):
        save_with_unique_slug(topic, topic.name, topic.save)
    return topic
