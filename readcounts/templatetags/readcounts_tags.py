"""Template tags through which article pages show reads.

{% load readcounts_tags %}
{% most_read_rail article %}   the rail's "Đọc nhiều" block beside `article`
                               (one query per process and READS_FOLD_SECONDS);
                               the page showing it is cached no longer than
                               READS_MOST_READ_MAX_AGE_SECONDS allows
"""

from django import template

from articles.models import Article
from pagecache.hints import fresh_for_at_most

from ..selectors import most_read_beside, most_read_page_seconds

register = template.Library()


@register.inclusion_tag("readcounts/includes/most_read.html", takes_context=True)
def most_read_rail(context, article: Article) -> dict:
    """The most read public articles beside `article`, without it; the block
    is left out when nothing has been read yet. The page's request (if any)
    is told how long its page may stay cached (fresh_for_at_most)."""
    articles, age = most_read_beside(article=article)
    request = context.get("request")
    if request is not None:
        fresh_for_at_most(request, most_read_page_seconds(age=age))
    return {"articles": articles}
