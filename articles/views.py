"""Public pages. Every query for articles goes through published()."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from images.storage import staff_media
from pagecache import keys
from pagecache.canonical import canonical_query
from pagecache.hints import do_not_keep
from pagecache.memo import until_publish

from . import next_reads, paging
from .models import Article, Category, Page, Topic
from .search import PARAMS, CappedPaginator, SearchForm, find
from .text import search_terms
from .text.codes import highlight_found, split_query

PAGE_SIZE = 12
SEARCH_PAGE_SIZE = 10
PER_CATEGORY_ON_HOME = 4


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
    by `slug` (a category's or a topic's page), anchored to an article
    (paging.py); 404 for an unknown slug or a page past the end."""
    owner = get_object_or_404(model, slug=slug)
    keys.declare(request, keys.for_object(owner))
    articles = Article.objects.published().for_listing().filter(**{field: owner})
    try:
        page = paging.keyset_page(articles, size=PAGE_SIZE, query=request.GET)
    except paging.FirstPage:
        return redirect(request.path)
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
    with staff_media():  # a draft's images are not public yet
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
    form = SearchForm(request.GET)
    form.is_valid()  # invalid filters are shown on the form and left out
    page = None
    if form.asks:
        try:
            page = CappedPaginator(find(form), SEARCH_PAGE_SIZE).page(request.GET.get("trang") or 1)
        except InvalidPage as error:
            raise Http404(str(error)) from None
        codes, rest = split_query(form.value("q") or "")
        terms = search_terms(rest)
        for article in page:
            article.title_marked = highlight_found(article.title, terms, codes)
            article.summary_marked = highlight_found(article.summary, terms, codes)
    if page is None or page.number > 1 or not page.object_list:
        # Only first pages that found something are worth keeping: a script's
        # random queries would otherwise fill the page cache.
        do_not_keep(request)
    return render(
        request,
        "articles/search.html",
        {
            "form": form,
            "query": form.value("q") or "",
            "page": page,
            "filtered": any(request.GET.get(name) for name in PARAMS if name not in ("q", "trang")),
            "page_query": canonical_query(request.GET, [p for p in PARAMS if p != "trang"]),
        },
    )


@require_safe
def feeds_index(request):
    """The feeds for people: one per chuyên mục and chủ đề, with the address
    a feed reader takes (the XML stays at /rss/ for machines)."""
    return render(
        request,
        "articles/feeds.html",
        {"categories": _sections(Category), "topics": _sections(Topic)},
    )


@require_safe
def site_map(request):
    """ "Sơ đồ trang" for people: the sections of the portal, linked."""
    return render(
        request,
        "articles/site_map.html",
        {"categories": _sections(Category), "topics": _sections(Topic)},
    )


def _sections(model):
    """The categories (in menu order) or the topics (by name) readers can
    open: those with at least one public article."""
    public = Article.objects.published()
    field = "category" if model is Category else "topics"
    found = model.objects.filter(pk__in=public.values(field)).only("name", "slug")
    return found.order_by("order", "name") if model is Category else found.order_by("name")


@require_safe
def agency_page(request, kind):
    """ "Giới thiệu", "Liên hệ" or the English page, as an approver last
    published it (articles/pages.py); 404 before the first publish."""
    page = get_object_or_404(Page.objects.filter(published_at__isnull=False), kind=kind)
    keys.declare(request, keys.for_object(page))
    return render(request, "articles/agency_page.html", {"agency_page": page})


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
