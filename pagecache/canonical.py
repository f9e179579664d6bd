"""One URL per public page: the canonical query string and the cache key.

Keys are built from the scheme, host, path and only the query parameters the
page's view reads (declared on `public_page`), in one canonical form; a
request with any other query string is redirected to the canonical URL, so
`?r=123` or `?q=a%20%20b` cannot make a new render (and cannot leak into a
cached page's share links).
"""

import hashlib
import unicodedata
from urllib.parse import urlencode

PAGE_NUMBER_PARAMS = {"trang", "p"}  # the portal's pages; Django's sitemaps
QUERY_MAX_LENGTH = 200  # the search box's maxlength


def _normalise(name, value):
    """The canonical form of one query parameter, or "" to drop it."""
    if name in PAGE_NUMBER_PARAMS and value.isdecimal():
        # Page 1 is the default; no leading zeros. Anything else is left to
        # the view (a page that does not exist is its 404, never stored).
        return str(int(value)) if int(value) != 1 else ""
    if name in PAGE_NUMBER_PARAMS:
        return value
    # Free text (the search query): composed Unicode, single spaces, bounded.
    return " ".join(unicodedata.normalize("NFC", value).split())[:QUERY_MAX_LENGTH]


def canonical_query(query, params):
    """The query string of the canonical URL: only `params`, normalised, sorted.

    `query` is a QueryDict (the last value of a repeated name counts, as in
    `QueryDict.get`); `params` the names the view reads.
    """
    pairs = ((name, _normalise(name, query.get(name, ""))) for name in sorted(params))
    return urlencode([(name, value) for name, value in pairs if value])


def is_canonical(request, params):
    """True when the request's query string is the canonical one."""
    if not request.META.get("QUERY_STRING"):
        return True  # every parameter absent: the canonical query is empty too
    return canonical_query(request.GET, params) == request.META.get("QUERY_STRING", "")


def page_key(request):
    """The cache key of the page a (canonical) request asks for."""
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{request.META['QUERY_STRING']}"
    return "page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
