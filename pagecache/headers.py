"""The headers a public page goes out with: one length, browsers told to
revalidate every time, and the front told whether and how long it may keep
the page (front.mark)."""

from django.conf import settings
from django.utils.cache import patch_cache_control

from . import front
from .hints import has_signed_message, unkept


def finish(response, request=None):
    """One chunk, one length, and headers that make browsers revalidate (the
    front's are set as the page is served: `for_front`)."""
    if hasattr(response, "render"):
        response.render()  # a TemplateResponse (sitemaps): rendered to be stored
    if not response.streaming:
        # The feed generator writes hundreds of small pieces, which gunicorn
        # would send as as many TCP writes.
        response.content = response.content
        response.headers["Content-Length"] = str(len(response.content))
    if response.status_code in (200, 304):
        response.headers.pop("Expires", None)
        response.headers.pop("Cache-Control", None)
        if unkept(request):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, no_cache=True)
    return response


def for_front(request, response, state, page=None, fresh_until=None):
    """Say whether the front may keep `response` (front.mark): a page rendered
    or served fresh to a GET without a session or a message to show, that
    sets no cookie and does not vary; served from the in-app `page`, no
    longer than that copy stays fresh; rendered, no later than `fresh_until`
    (time.time(), fresh_for_at_most) when given."""
    if response.status_code not in (200, 304):
        return response
    if unkept(request):
        # Rendered for this reader only (do_not_keep): no cache keeps it.
        response.headers.pop("Cache-Control", None)
        patch_cache_control(response, private=True, no_cache=True)
        return response
    shareable = (
        state != "stale"
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not response.cookies
        and not response.has_header("Vary")
        and not has_signed_message(request)
    )
    if page is not None:
        fresh_until = page.fresh_until
    front.mark(response, shareable=shareable, fresh_until=fresh_until)
    return response
