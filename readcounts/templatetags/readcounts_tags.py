"""Template tags through which article pages show reads.

{% load readcounts_tags %}
{% most_read_rail article %}   the rail's "Đọc nhiều" block beside `article`
                               (one query per process and READS_FOLD_SECONDS)
"""

from django import template

from articles.models import Article

from ..selectors import most_read_beside

register = template.Library()


@register.inclusion_tag("readcounts/includes/most_read.html")
def most_read_rail(article: Article) -> dict:
    """The most read public articles beside `article`, without it; the block
    is left out when nothing has been read yet."""
    return {"articles": most_read_beside(article=article)}
