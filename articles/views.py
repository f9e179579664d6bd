"""Public pages. Every query for articles goes through published()."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pagecache import keys
from pagecache.memo import until_publish
from pagecache.middleware import do_not_keep

from . import next_reads
from .models import Article, Category, Topic
from .text import highlight, search_terms

PAGE_SIZE = 12
SEARCH_PAGE_SIZE = 10
PER_CATEGORY_ON_HOME = 4


def page_or_404(object_list, per_page, request):
    """The page `?trang=n` of `object_list`; Http404 for a page past the end,
    below 1 or not a number (as Django's ListView does), so a crawler never
    gets page 1 again under another URL. Page 1 of an empty list exists."""
    try:
        return Paginator(object_list, per_page).page(request.GET.get("trang") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from None


@require_safe
def home(request):
    # Lazy: the template's published fragments query them only when they
    # render (after a publish), not for every request.
    articles = Article.objects.published().for_listing()
    featured = SimpleLazyObject(lambda: list(articles.filter(is_featured=True)[:5]))
    latest = SimpleLazyObject(lambda: list(articles.exclude(pk__in=[a.pk for a in featured])[:10]))
    return render(
        request,
        "articles/home.html",
        {"featured": featured, "latest": latest, "category_blocks": SimpleLazyObject(_blocks)},
    )


def _blocks():
    """(category, its newest articles) for every category, in menu order."""
    blocks = {}
    categories = Category.objects.all()
    for article in Article.objects.published().latest_per_category(
        categories, PER_CATEGORY_ON_HOME
    ):
        blocks.setdefault(article.category, []).append(article)
    return list(blocks.items())


def _listing(request, model, slug, field, template):
    """One page of the public articles whose `field` is the `model` row named
    by `slug` (a category's or a topic's page); 404 for an unknown slug or a
    page past the end."""
    owner = get_object_or_404(model, slug=slug)
    keys.declare(request, keys.for_object(owner))
    articles = Article.objects.published().for_listing().filter(**{field: owner})
    page = page_or_404(articles, PAGE_SIZE, request)
    return render(request, template, {model._meta.model_name: owner, "page": page})


@require_safe
def category(request, slug):
    return _listing(request, Category, slug, "category", "articles/category.html")


@require_safe
def detail(request, slug):
    # A public article changes only through a save, which bumps the page
    # generation: each process looks it up once per generation.
    article = until_publish(
        f"article.{slug}",
        lambda: get_object_or_404(
            Article.objects.published().select_related("category"), slug=slug
        ),
        settings.FRAGMENT_CACHE_SECONDS,
    )
    return _render_article(request, article)


@never_cache
@staff_member_required
def preview(request, pk):
    """What a draft or scheduled article will look like, for staff only."""
    if not request.user.has_perm("articles.view_article"):
        raise Http404
    article = get_object_or_404(Article.objects.select_related("category"), pk=pk)
    return _render_article(request, article, preview=True)


def _render_article(request, article, preview=False):
    keys.declare(request, keys.for_object(article))
    reads = next_reads.NextReads(article)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            # Callables: the template evaluates them only where it renders
            # them, and most of them sit in published fragments that a warm
            # page takes from memory without a query.
            "topics": lambda: reads.topics,
            "related": lambda: reads.related,
            "rail_latest": lambda: reads.latest,
            "rail_same_category": lambda: reads.same_category,
            "preview": preview,
            "structured_data": lambda: article.structured_data(request),
        },
    )


@require_safe
def topic(request, slug):
    return _listing(request, Topic, slug, "topics", "articles/topic.html")


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    terms = search_terms(query)
    page = None
    if terms:
        results = Article.objects.published().for_listing().search(query)
        page = page_or_404(results, SEARCH_PAGE_SIZE, request)
        for article in page:
            article.title_marked = highlight(article.title, terms)
            article.summary_marked = highlight(article.summary, terms)
    if page is None or page.number > 1 or not page.object_list:
        # Only first pages that found something are worth keeping: a script's
        # random queries would otherwise fill the page cache.
        do_not_keep(request)
    return render(request, "articles/search.html", {"query": query, "page": page})


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /xem-truoc/",
        f"Sitemap: {sitemap}",
    ]
    return render(request, "robots.txt", {"lines": lines}, content_type="text/plain")
