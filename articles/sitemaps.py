"""The sitemap index (/sitemap.xml) and its files.

The articles' files are ranges of ids, not numbered slices of a sorted list:
file p lists the public articles whose id falls in the p-th block of
`ArticleSitemap.limit` ids, read through the primary key. The index needs
no COUNT of the articles (the number of files comes from the smallest and
largest public ids) and no article loaded (one `lastmod` for the section, from the last-change
index); a file's content only changes when an article in its block does, and
costs the same at any size of the archive.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import reverse
from django.utils.functional import cached_property

from .models import Article, Category


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.7

    def items(self):
        return Category.objects.all()


class IdBlock:
    """One file of an id-ranged sitemap: what Sitemap._urls reads of a page."""

    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """Pages of `items` (a queryset) by blocks of `per_page` ids counted from
    its smallest id: page p holds the rows with
    first + (p - 1) × per_page ≤ id < first + p × per_page, in id order; at
    most per_page rows, fewer where ids are drafts or deleted.

    `page()` raises PageNotAnInteger or EmptyPage as Django's Paginator does,
    which the sitemap view turns into a 404.
    """

    def __init__(self, items, per_page: int):
        self.items, self.per_page = items, per_page

    @cached_property
    def _ids(self) -> tuple[int, int] | None:
        """(smallest, largest) id in `items`: one end of the primary key each."""
        ids = self.items.values_list("pk", flat=True)
        first = ids.order_by("pk").first()
        return None if first is None else (first, ids.order_by("-pk").first() or first)

    @property
    def num_pages(self) -> int:
        """Blocks from the smallest id to the largest; 1 when there is none."""
        if self._ids is None:
            return 1
        first, last = self._ids
        return (last - first) // self.per_page + 1

    def page(self, number) -> IdBlock:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Số trang không hợp lệ.") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("Không có trang này.")
        if self._ids is None:
            return IdBlock(self.items.none())
        start = self._ids[0] + (number - 1) * self.per_page
        block = self.items.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        return IdBlock(block)


_SLUG = "slug-placeholder"


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5000  # ids per file; the protocol allows up to 50,000 URLs

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        # The article address with its slug put in, as reverse() would make
        # it, without a reverse() per URL (most of a file's time).
        return self._address.replace(_SLUG, item.slug)

    @cached_property
    def _address(self):
        return reverse("articles:detail", args=[_SLUG])

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        """The last change of any public article: one row of the last-change
        index, where Sitemap would load every article to find it."""
        return (
            Article.objects.published()
            .order_by("-updated_at", "-id")
            .values_list("updated_at", flat=True)
            .first()
        )


SITEMAPS = {"home": HomeSitemap, "categories": CategorySitemap, "articles": ArticleSitemap}
