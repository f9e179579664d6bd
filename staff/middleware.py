"""Staff who set up a second factor give its code before any admin page
opens: their password alone opens nothing."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .factors import has_second_factor


class SecondFactorMiddleware:
    """After OTPMiddleware: sends a signed-in staff member with a confirmed
    authenticator app whose session has not proved it to the code page, for
    every admin path but the sign-in, the sign-out and the code page itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.path.startswith(reverse("admin:index"))
            and not request.path.startswith(self._open_paths())
            and not user.is_verified()
            and has_second_factor(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('staff:verify')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open_paths():
        return (
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("admin:jsi18n"),
            reverse("staff:verify"),
        )
