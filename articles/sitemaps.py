"""The sitemap index (/sitemap.xml) and its files.

The articles' files are ranges of ids, not numbered slices of a sorted list:
block b holds the ids from b × `ArticleSitemap.limit` up to the next block,
and file p lists the public articles of the p-th block counted from the one
holding the smallest public id, read through the primary key. The index
needs no COUNT of the articles (the number of files comes from the smallest
and largest public ids) and no article loaded (one `lastmod` for the
section, from the last-change index); a file costs the same at any size of
the archive, and its content only changes when an article of its block
does, so a change expires the index and that one file (`article_file_keys`),
not every file.
"""

from datetime import datetime
from html import escape

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connections
from django.db.models import CharField, F, Func, Max, Value
from django.db.models.functions import Concat, Replace, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from .models import Article, Category

# Surrogate keys (pagecache.keys) of the articles' files: each carries
# FILES and the key of its block. A change expires its block's file; one
# that may move the first block (at or below it) renumbers every file.
FILES = "sitemap-articles"


def block_key(block: int) -> str:
    """The key of the articles' file that lists block `block`."""
    return f"{FILES}-{block}"


# No section gives <changefreq> or <priority>: both are optional in the
# protocol and Google says it ignores them, and they made up a third of an
# articles file's bytes.


class HomeSitemap(Sitemap):
    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(Sitemap):
    def items(self):
        return Category.objects.all()


class IdBlock:
    """One file of an id-ranged sitemap: what Sitemap._urls reads of a page."""

    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """Pages of `items` (a queryset) by blocks of `per_page` ids: block b
    holds b × per_page ≤ id < (b + 1) × per_page, and page p is block
    `first_block` + p - 1, `first_block` being the block of the smallest id
    in `items`; in id order, at most per_page rows, fewer where ids are
    drafts or deleted. A block keeps its rows whatever happens to the
    others; only a change of the first block renumbers the pages.

    `page()` raises PageNotAnInteger or EmptyPage as Django's Paginator does,
    which the sitemap view turns into a 404.
    """

    def __init__(self, items, per_page: int):
        self.items, self.per_page = items, per_page

    @cached_property
    def _first(self) -> int | None:
        """The smallest id in `items` (one end of the primary key), or None."""
        return self.items.values_list("pk", flat=True).order_by("pk").first()

    @cached_property
    def _last(self) -> int | None:
        """The largest id in `items` (the other end), or None."""
        return self.items.values_list("pk", flat=True).order_by("-pk").first()

    @property
    def first_block(self) -> int | None:
        """The block of the smallest id (page 1's), None when there is none."""
        return None if self._first is None else self._first // self.per_page

    def block_of(self, number: int) -> int | None:
        """The block page `number` lists (checked by `page()`), None when empty."""
        first = self.first_block
        return None if first is None else first + number - 1

    @property
    def num_pages(self) -> int:
        """Blocks from the smallest id's to the largest's; 1 when there is none."""
        if self._first is None:
            return 1
        last = self._last or self._first
        return last // self.per_page - self._first // self.per_page + 1

    def page(self, number) -> IdBlock:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Số trang không hợp lệ.") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("Không có trang này.")
        block_number = self.block_of(number)
        if block_number is None:
            return IdBlock(self.items.none())
        start = block_number * self.per_page
        block = self.items.filter(pk__gte=start, pk__lt=start + self.per_page).order_by("pk")
        return IdBlock(block)


_SLUG = "slug-placeholder"
# What html.escape() replaces, as one translation table (a slug is escaped
# once per URL of a file).
XML_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))
XML_ESCAPES = str.maketrans(dict(XML_ENTITIES))


class ArticleSitemap(Sitemap):
    # Ids per file (the protocol allows up to 50,000 URLs a file and 50,000
    # files an index): the index grows with the files and a file with its
    # URLs. A file's URL costs about three times an index line (the database
    # reads and writes its row), but a file costs twice the index to begin
    # with: at 1,000 ids both grow by about the same share of their cost at
    # a small archive (files of 500 ids made the index grow twice as much).
    limit = 1000

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        # The article address with its slug put in, as reverse() would make
        # it, without a reverse() per URL (most of a file's time).
        return self._address.replace(_SLUG, item.slug)

    in_database = True  # PostgreSQL writes a file's <url> elements (see _urls)

    @cached_property
    def _address(self):
        return reverse("articles:detail", args=[_SLUG])

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def _urls(self, page, protocol, domain):
        """The <url> elements of file `page`, already written as XML (one str,
        which `sitemap_xml.urlset_xml` writes as is), as Django's template
        writes them (tests/articles/test_sitemap_scale.py). Django's way, a
        model instance and a dict per URL, cost about ten microseconds a URL,
        most of a file's time; here PostgreSQL writes the block's elements
        and takes its last change (the view's Last-Modified) in one pass over
        the block's rows (`_block_in_database`), and another database has
        them written in Python (`_block_in_python`). Raises EmptyPage or
        PageNotAnInteger as the paginator does."""
        rows = self.paginator.page(page).object_list
        before, after = self._address.split(_SLUG)
        parts = (
            f"<url><loc>{escape(f'{protocol}://{domain}{before}')}",
            f"{escape(after)}</loc><lastmod>",
            "</lastmod></url>",
        )
        if connections[rows.db].vendor == "postgresql" and self.in_database:
            xml, self.latest_lastmod = _block_in_database(rows, parts)
        else:
            # Sliced: the last change is then the MAX over this subquery of
            # the block's rows; unsliced, the planner may walk the whole
            # last-change index backwards for it.
            xml, self.latest_lastmod = _block_in_python(rows[: self.limit], parts)
        return [xml] if xml else []

    def file_keys(self, number) -> list[str]:
        """The surrogate keys of file `number` (a page number as the address
        gives it, already checked by the view): FILES and its block's key."""
        block = self.paginator.block_of(int(number))
        return [FILES] if block is None else [FILES, block_key(block)]

    def get_latest_lastmod(self):
        """The last change of any public article: one row of the last-change
        index, where Sitemap would load every article to find it."""
        return (
            Article.objects.published()
            .order_by("-updated_at", "-id")
            .values_list("updated_at", flat=True)
            .first()
        )


def _day_in_portal_time():
    """The day of `updated_at` in the portal's time zone, as the database
    computes it (TruncDate)."""
    return TruncDate("updated_at", tzinfo=timezone.get_current_timezone())


class IsoDay(Func):
    """A date as YYYY-MM-DD text (PostgreSQL's to_char), whatever DateStyle."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()


def _escaped(expression):
    """`expression` with what html.escape() replaces replaced, `&` first."""
    for char, entity in XML_ENTITIES:
        expression = Replace(expression, Value(char), Value(entity))
    return expression


def _block_in_database(rows, parts) -> tuple[str, datetime | None]:
    """(the <url> elements of `rows`, in id order; their last change) from
    one aggregate query: per row, only PostgreSQL's work. `parts` are the
    element's text before the slug, between the slug and the day, after it."""
    head, middle, tail = (Value(part) for part in parts)
    url = Concat(head, _escaped(F("slug")), middle, IsoDay(_day_in_portal_time()), tail)
    found = rows.aggregate(
        xml=StringAgg(url, delimiter="", order_by="pk", default=""),
        latest=Max("updated_at"),
    )
    return found["xml"], found["latest"]


def _block_in_python(rows, parts) -> tuple[str, datetime | None]:
    """What `_block_in_database` gives, for any database: the slugs and days
    read without Django's per-row converters (a day is a date or, from
    SQLite, its ISO text), the last change from a second query (Django
    loads each time stamp in Python, about six microseconds each)."""
    if rows.query.is_empty():  # no public article: its SQL would be no query at all
        return "", None
    head, middle, tail = parts
    query = rows.values_list("slug", _day_in_portal_time()).query
    sql, params = query.get_compiler(using=rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if not found:
        return "", None
    xml = "".join(
        [f"{head}{slug.translate(XML_ESCAPES)}{middle}{day}{tail}" for slug, day in found]
    )
    return xml, rows.aggregate(latest=Max("updated_at"))["latest"]


def article_file_keys(pk: int) -> list[str]:
    """The keys of the articles' files a change of article `pk` changes: its
    block's file, and every file when that block is the first one or below
    it (publishing an older article, or taking down the first block's last
    one, moves page 1). One query: the smallest public id."""
    sitemap = ArticleSitemap()
    block, first = pk // sitemap.limit, sitemap.paginator.first_block
    return [block_key(block), *([FILES] if first is None or block <= first else [])]


SITEMAPS = {"home": HomeSitemap, "categories": CategorySitemap, "articles": ArticleSitemap}
