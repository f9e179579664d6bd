"""`{% published_fragment "name" key ... %}…{% endpublished_fragment %}`: a
template fragment that changes only when something is published.

Kept in each process's memory under the page generation (pagecache/memo.py),
so any expiry (a publish, edit or unpublish anywhere) makes every fragment
stale at once, as it does the pages; never kept past the moment the next
scheduled change goes public. Unlike whole pages, fragments stay cached
when the page cache is off (PAGE_CACHE_SECONDS=0): a page rendered for every
request still reuses its list blocks. Put only what a publish
changes inside (never ratings, messages or anything from the request).
"""

from django import template
from django.conf import settings
from django.core.cache.utils import make_template_fragment_key

from ..memo import until_publish

register = template.Library()


class PublishedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        vary_on = [var.resolve(context) for var in self.vary_on]
        key = make_template_fragment_key(self.name, vary_on)
        return until_publish(
            key, lambda: self.nodelist.render(context), settings.FRAGMENT_CACHE_SECONDS
        )


@register.tag
def published_fragment(parser, token):
    """Arguments: a fragment name (a string) then the values it varies on."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("published_fragment needs a name")
    nodelist = parser.parse(("endpublished_fragment",))
    parser.delete_first_token()
    return PublishedFragmentNode(
        nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]]
    )
