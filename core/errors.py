"""The portal's answers to requests it refuses before any view runs: bad
requests (400: oversized, too many fields, broken multipart, malformed admin
queries), CSRF failures (403) and methods a view does not take (405). The
JSON API (paths under /api/) gets its own format, {"errors": {"__all__":
[message]}}; pages get a Vietnamese page that says what to do."""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template.loader import render_to_string

from . import texts

API_PREFIX = "/api/"
METHOD_NOT_ALLOWED = "Phương thức yêu cầu không được hỗ trợ"
HOST_REFUSED_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def is_api(request):
    """Whether the request is for the JSON API, which answers JSON even when
    refusing."""
    return request.path.startswith(API_PREFIX)


def api_error(status, message):
    """The API's refusal: {"errors": {"__all__": [message]}} with `status`."""
    return JsonResponse({"errors": {"__all__": [message]}}, status=status)


def bad_request(request, exception=None):
    """handler400: JSON for the API, the Vietnamese 400 page otherwise; a
    host outside ALLOWED_HOSTS gets a page of its own, which names no
    address (every other page prints its own, made from that very host)."""
    if is_api(request):
        return api_error(400, texts.BAD_PAYLOAD)
    if isinstance(exception, DisallowedHost):
        # Refused above the security middleware on a cached page's path:
        # the headers it would add are set here.
        return HttpResponseBadRequest(
            render_to_string("400_host.html"), headers=HOST_REFUSED_HEADERS
        )
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A missing CSRF cookie means the browser refuses
    cookies: the reader is told to allow them; any other reason (a token
    that no longer matches the cookie) asks for a reload."""
    cookies_blocked = reason == REASON_NO_CSRF_COOKIE
    if is_api(request):
        message = texts.COOKIES_NEEDED if cookies_blocked else texts.RELOAD_NEEDED
        return api_error(403, message)
    return render(request, "403_csrf.html", {"cookies_blocked": cookies_blocked}, status=403)


class MethodNotAllowedMiddleware:
    """Django's method decorators (require_POST, require_safe...) answer 405
    with an empty body; a script sending PUT or OPTIONS to the API, or a POST
    to a page, gets the portal's refusal instead: {"errors": {"__all__":
    [METHOD_NOT_ALLOWED]}} on the API, the Vietnamese 405 page elsewhere, with
    the view's Allow header kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        if is_api(request):
            refusal = api_error(405, METHOD_NOT_ALLOWED)
        else:
            refusal = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            refusal["Allow"] = response["Allow"]
        return refusal
