"""Old addresses keep working: a public page or feed asked for by an old slug
(slug_history.OldSlug) answers 301 to the current address of its object.

Only a 404 is looked at, so a page that is found, and any cached page (the
page cache answers above this middleware), costs nothing more. The rules:
- only to what readers may see now: the old slug of an article that is not
  public (a draft, taken down, scheduled) stays 404;
- a slug a public object holds now is that object's: it is served, and its
  404s (a page past the end of a listing) are not redirected;
- one hop: the entry names the object, whose current slug is read.
"""

from django.db.models import Q
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from .models import Article, Category, Topic
from .slug_history import Kind, OldSlug

# The views whose `slug` names an object of a kind: pages and their feeds.
ROUTES = {
    "articles:detail": Kind.ARTICLE,
    "articles:category": Kind.CATEGORY,
    "articles:category_feed": Kind.CATEGORY,
    "articles:topic": Kind.TOPIC,
    "articles:topic_feed": Kind.TOPIC,
}
# What readers may see of each kind.
VISIBLE = {
    Kind.ARTICLE: lambda: Article.objects.published(),
    Kind.CATEGORY: lambda: Category.objects.all(),
    Kind.TOPIC: lambda: Topic.objects.all(),
}


def current_slug(*, kind: Kind, slug: str) -> str | None:
    """The slug now of the object of `kind` (an OldSlug.Kind) that `slug`
    named before it changed, when readers may see that object and no object
    they may see holds `slug`; else None. At most two queries (one when
    `slug` is no old slug)."""
    pk = OldSlug.objects.filter(kind=kind, slug=slug).values_list(f"{kind}_id", flat=True).first()
    if pk is None:
        return None
    visible = VISIBLE[kind]().filter(Q(pk=pk) | Q(slug=slug))
    slugs = list(visible.values_list("slug", flat=True))
    return None if not slugs or slug in slugs else slugs[0]


def current_address(request):
    """The current address of what `request` asked for by an old slug, its
    query string kept (a listing's page number), or None."""
    match = request.resolver_match
    kind = ROUTES.get(match.view_name) if match is not None else None
    if kind is None:
        return None
    slug = current_slug(kind=kind, slug=match.kwargs["slug"])
    if slug is None:
        return None
    url = reverse(match.view_name, kwargs={"slug": slug})
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


class OldSlugRedirectMiddleware:
    """Turn the 404 of a page or feed asked for by an old slug into a 301 to
    its current address. The redirect is revalidated by browsers
    (`no-cache`): a slug given back to its object, or taken by a new one,
    must not meet a remembered redirect (a loop, or the wrong page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        url = current_address(request)
        if url is None:
            return response
        moved = HttpResponsePermanentRedirect(url)
        patch_cache_control(moved, public=True, no_cache=True)
        return moved
