"""Staff who set up a second factor give its code before any admin page
opens: their password alone opens nothing. Changes to accounts and groups
need a recent code, as publishing does: a superuser's stolen password must
not make a new approver."""

from functools import lru_cache
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import get_script_prefix, reverse

from . import texts
from .factors import has_second_factor, must_have_second_factor, refuse_without_fresh_second_factor


class SecondFactorMiddleware:
    """After OTPMiddleware, for signed-in staff on admin paths (but the
    sign-in, the sign-out and the code page itself):

    - with a confirmed authenticator app not proved in this session: to the
      code page;
    - a POST under the admin's accounts and groups (`auth` app): only with a
      recent code (`refuse_without_fresh_second_factor`);
    - approvers and superusers without an app see a reminder on the front page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: reading request.user reads the session, which would
        # make every public page vary on the cookie and skip the page cache.
        if not self._guarded(request.path) or not request.user.is_authenticated:
            return self.get_response(request)
        user = request.user
        if not user.is_verified() and has_second_factor(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('staff:verify')}?{query}")
        if request.method == "POST" and request.path.startswith(self._accounts()):
            refused = refuse_without_fresh_second_factor(request, back_to=request.path)
            if refused is not None:
                return refused
        if (
            request.path == reverse("admin:index")
            and must_have_second_factor(user)
            and not has_second_factor(user)
        ):
            messages.warning(request, texts.REQUIRED_REMINDER)
        return self.get_response(request)

    @staticmethod
    def _guarded(path):
        admin, open_paths, _ = _admin_paths(get_script_prefix())
        return path.startswith(admin) and not path.startswith(open_paths)

    @staticmethod
    def _accounts():
        return _admin_paths(get_script_prefix())[2]


@lru_cache(maxsize=8)
def _admin_paths(script_prefix):
    """(the admin's root, the paths under it open without a code, the
    accounts' root) under `script_prefix`: every request asks, and five
    reverse() calls cost a public request more than its middleware does."""
    open_paths = (
        reverse("admin:login"),
        reverse("admin:logout"),
        reverse("admin:jsi18n"),
        reverse("staff:verify"),
    )
    return reverse("admin:index"), open_paths, reverse("admin:app_list", args=["auth"])
