"""The sitemap files' XML written directly instead of through the template
engine: a file of thousands of URLs spent most of its time in the template
loop. Django's sitemap view still decides everything else (the section, the
page, the 404s, Last-Modified, X-Robots-Tag); only the rendering is replaced,
with the same output as Django's `sitemap.xml` template. A file carries the
surrogate keys its section gives it (`file_keys`; the articles' files, their
block's), so that a change expires only the file that lists it."""

from datetime import datetime
from html import escape  # Django's escape(), without its lazy-text wrapper

from django.contrib.sitemaps import views
from django.utils import timezone

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


def index(request, sitemaps, **kwargs):
    """Django's sitemap `index` view, its <sitemapindex> written by
    `index_xml`: an archive of a million articles lists hundreds of files."""
    response = views.index(request, sitemaps, **kwargs)
    response.content = index_xml((response.context_data or {})["sitemaps"])
    return response


def index_xml(sitemaps) -> str:
    """The <sitemapindex> of `sitemaps` (the SitemapIndexItems Django's view
    gives), as Django's `sitemap_index.xml` template writes it."""
    parts = [INDEX_HEAD]
    days = {}  # every file of a section has the section's lastmod: formatted once
    for item in sitemaps:
        parts.append(f"<sitemap><loc>{escape(item.location)}</loc>")
        if item.last_mod:
            if item.last_mod not in days:
                days[item.last_mod] = _instant(item.last_mod)
            parts.append(f"<lastmod>{days[item.last_mod]}</lastmod>")
        parts.append("</sitemap>")
    parts.append("</sitemapindex>\n")
    return "".join(parts)


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
