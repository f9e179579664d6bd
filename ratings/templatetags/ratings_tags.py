"""Template tags through which article pages show ratings.

{% load ratings_tags %}
{% rating_widget article %}            the stars under an article (one query)
{% top_rated_list 5 %}                 "Được đánh giá cao nhất" (one query per process and
                                       RATINGS_TOP_RATED_SECONDS)
{% top_rated_articles 5 as articles %} the same articles, for custom markup
"""

from django import template
from django.conf import settings

from pagecache.memo import until_publish
from ratings import captcha, selectors, texts
from ratings.formatting import format_average
from ratings.models import SCORES

register = template.Library()


@register.simple_tag
def captcha_hint():
    """The line under the captcha: its length and its letters."""
    return captcha.hint()


@register.inclusion_tag("ratings/includes/widget.html")
def rating_widget(article):
    """The rating widget of a public article: current average and count (one
    query), a plain GET form of radio stars leading to the rating page, and
    the script that turns it into the in-place captcha form. No captcha and
    no CSRF token, so the article page writes nothing and stays cacheable."""
    if not getattr(article, "is_public", False):
        return {"show": False}
    return {
        "show": True,
        "article": article,
        "summary": selectors.summary_for(article=article),
        "stars": SCORES,
        "prefix": f"rating-{article.pk}",
        # What the script says without asking the server (data-msg-*).
        "script_messages": {
            "choose_score": texts.CHOOSE_SCORE,
            "already": texts.ALREADY_RATED,
            "failed": texts.SEND_FAILED,
            "your_score": texts.YOUR_SCORE,
            "your_score_held": texts.YOUR_SCORE_HELD,
            "your_vote_hidden": texts.YOUR_VOTE_HIDDEN,
        },
    }


@register.simple_tag
def top_rated_articles(limit=5):
    """Public articles with the best Bayesian average (selectors.top_rated_articles)."""
    return selectors.top_rated_articles(limit=limit)


@register.inclusion_tag("ratings/includes/top_rated.html")
def top_rated_list(limit=5):
    """The home page's list, ranked once per process per RATINGS_TOP_RATED_SECONDS
    and again at once after a publish or a moderation action (both bump the
    page generation, see pagecache/memo.py)."""
    articles = until_publish(
        f"top-rated.{limit}",
        lambda: selectors.top_rated_articles(limit=limit),
        settings.RATINGS_TOP_RATED_SECONDS,
    )
    return {"articles": articles}


@register.filter
def star_fill_width(average):
    """Width, in the 120-unit box of five 24-unit stars, filled for an
    average of 0 to 5 stars (None: no votes, nothing filled)."""
    return f"{max(0.0, min(float(average or 0), 5.0)) * 24:.1f}"


@register.filter
def rating_decimal(value):
    """4.25 -> "4,3"."""
    return format_average(value)
