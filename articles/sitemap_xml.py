"""The sitemap files' XML written directly instead of through the template
engine: a file of thousands of URLs spent most of its time in the template
loop. Django's sitemap view still decides everything else (the section, the
page, the 404s, Last-Modified, X-Robots-Tag); only the rendering is replaced,
with the same output as Django's `sitemap.xml` template. A file carries the
surrogate keys its section gives it (`file_keys`; the articles' files, their
block's), so that a change expires only the file that lists it."""

from datetime import UTC, date, datetime, time
from html import escape  # Django's escape(), without its lazy-text wrapper

from django.contrib.sitemaps import views
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from pagecache import keys

INDEX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def sitemap(request, sitemaps, section=None, **kwargs):
    """Django's `sitemap` view, its urlset written by `urlset_xml`, with the
    surrogate keys of the file (none but every page's for a section without
    `file_keys`: the home page's and the categories' change with every page)."""
    response = views.sitemap(request, sitemaps, section, **kwargs)
    response.content = urlset_xml((response.context_data or {})["urlset"])
    site = sitemaps[section]
    site = site() if isinstance(site, type) else site
    if hasattr(site, "file_keys"):
        keys.declare(request, *site.file_keys(request.GET.get("p", 1)))
    return response


@views.x_robots_tag
def index(request, sitemaps, sitemap_url_name):
    """Django's sitemap `index` view written directly: the same sections,
    files, Last-Modified (when every section has a last change) and
    X-Robots-Tag, and the same output as its `sitemap_index.xml` template.
    Django makes an object per file and its template a loop turn per file,
    and an archive of a million articles lists a thousand files; here a
    section's address and last change are formatted once, then each file
    is a line."""
    domain = get_current_site(request).domain
    parts, latest, every_section_dated = [INDEX_HEAD], None, True
    for section, site in sitemaps.items():
        site = site() if callable(site) else site
        protocol = request.scheme if site.protocol is None else site.protocol
        address = reverse(sitemap_url_name, kwargs={"section": section})
        location = escape(f"{protocol}://{domain}{address}")
        lastmod = site.get_latest_lastmod()
        if lastmod is None:
            every_section_dated = False
        elif every_section_dated:
            latest = _later(latest, lastmod)
        end = (
            f"</loc><lastmod>{_instant(lastmod)}</lastmod></sitemap>"
            if lastmod
            else "</loc></sitemap>"
        )
        parts.append(f"<sitemap><loc>{location}{end}")
        pages = range(2, site.paginator.num_pages + 1)
        parts.append("".join([f"<sitemap><loc>{location}?p={page}{end}" for page in pages]))
    parts.append("\n</sitemapindex>\n")
    headers = None
    if every_section_dated and latest is not None:
        headers = {"Last-Modified": http_date(latest.timestamp())}
    return HttpResponse("".join(parts), content_type="application/xml", headers=headers)


def _later(latest: datetime | None, lastmod: date | datetime) -> datetime:
    """The later of `latest` and `lastmod` (a day counts from its midnight,
    a naive time as UTC), as Django's index view compares them."""
    if not isinstance(lastmod, datetime):
        lastmod = datetime.combine(lastmod, time.min)
    if timezone.is_naive(lastmod):
        lastmod = timezone.make_aware(lastmod, UTC)
    return lastmod if latest is None else max(latest, lastmod)


def urlset_xml(urls) -> str:
    """The <urlset> of `urls`: the dicts Sitemap.get_urls returns, or <url>
    elements a section wrote itself (a str, written as is)."""
    parts = [HEAD]
    # A section gives every URL the same changefreq and priority: escaped once.
    constant = {}

    def once(value):
        if value not in constant:
            constant[value] = escape(value)
        return constant[value]

    for url in urls:
        if isinstance(url, str):
            parts.append(url)
            continue
        lastmod, changefreq = url.get("lastmod"), url.get("changefreq")
        priority = url.get("priority")
        parts.append(
            f"<url><loc>{escape(url['location'])}</loc>"
            + (f"<lastmod>{_day(lastmod)}</lastmod>" if lastmod else "")
            + (f"<changefreq>{once(changefreq)}</changefreq>" if changefreq else "")
            + (f"<priority>{once(priority)}</priority>" if priority else "")
        )
        for alternate in url.get("alternates") or ():
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    parts.append("\n</urlset>\n")
    return "".join(parts)


def _day(value):
    """The day of `value` (a date, or a datetime shown in local time) as the
    template's |date:"Y-m-d" shows it."""
    if not isinstance(value, datetime):
        return value.isoformat()
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def _instant(value):
    """`value` as the template's |date:"c" shows it (ISO 8601, local time)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat()
