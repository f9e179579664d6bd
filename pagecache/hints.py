"""What a view or a template says about the page it renders, kept on the
request for the page cache (middleware.py) and the front (front.py): that
the page is worth keeping or not, and for how long at most it may be shown.
And whether the request carries a flash message the page must show."""

import time

from django.contrib.messages.storage import default_storage
from django.contrib.messages.storage.cookie import CookieStorage

from . import store


def has_signed_message(request):
    """True when the messages cookie holds a message this server signed."""
    if CookieStorage.cookie_name not in request.COOKIES:
        return False
    return len(default_storage(request)) > 0


def do_not_keep(request):
    """Say that the page answering `request` is not worth keeping (a search
    that found nothing, a page past the first): it is rendered for this
    request only, and marked private for any cache in front."""
    request.page_cache_unkept = True


def unkept(request):
    """Whether the view said `do_not_keep` of the page answering `request`."""
    return getattr(request, "page_cache_unkept", False)


def fresh_for_at_most(request, seconds):
    """Say that the page answering `request` shows something that must not be
    older than `seconds` from now (Đọc nhiều): the in-app copy stays fresh no
    longer, nor does the front's (front.shared_seconds). 0 or less: the page
    is not kept. Several calls keep the shortest."""
    earlier = getattr(request, "page_cache_max_seconds", None)
    request.page_cache_max_seconds = seconds if earlier is None else min(earlier, seconds)


def max_seconds(request):
    """The bound fresh_for_at_most set on `request`, or None."""
    return getattr(request, "page_cache_max_seconds", None)


def fresh_until_of(request):
    """time.time() after which a page rendered now must not be served fresh
    (fresh_for_at_most), or None when it has no such bound."""
    seconds = max_seconds(request)
    return None if seconds is None else time.time() + max(seconds, 0)


def worth_keeping(request, response):
    """Whether a ticketed render is stored: not when its view said
    `do_not_keep`, and for a `bounded` view only within the shared quota."""
    if unkept(request):
        return False
    if getattr(request, "page_cache_bounded", False) and response.status_code == 200:
        return store.within_bounded_quota()
    return True
