"""Template tags through which article pages show ratings (stub, filled by the ratings work)."""
# The full ratings spec (issue 3) is in /tmp/issue3.md; also `issues show 3`.

from django import template

register = template.Library()


@register.simple_tag
def rating_widget(article):
    return ""


@register.simple_tag
def top_rated_articles(limit=5):
    return []
