"""Who needs a second factor, whether this session proved one recently, and
the check the article desk calls before publishing, approving or taking down.

The moment of the last proof (a code at sign-in, at enrolment or when asked
again) is kept in the session as epoch seconds under VERIFIED_AT.
"""

import time
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import texts

VERIFIED_AT = "staff_second_factor_at"
PUBLISH_PERMISSION = "articles.publish_article"


def must_have_second_factor(user) -> bool:
    """Approvers (who may publish) and superusers."""
    return user.is_active and (user.is_superuser or user.has_perm(PUBLISH_PERMISSION))


def has_second_factor(user) -> bool:
    """Whether `user` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mark_verified(request, device) -> None:
    """Record in the session that its user just proved `device` (under a new
    session key: a key seen before the proof is worth nothing after it)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[VERIFIED_AT] = int(time.time())


def verified_recently(request) -> bool:
    """Whether the session proved a second factor within STAFF_REAUTH_MINUTES."""
    verified = getattr(request.user, "is_verified", lambda: False)()
    at = request.session.get(VERIFIED_AT)
    fresh_for = settings.STAFF_REAUTH_MINUTES * 60
    return bool(verified and isinstance(at, int) and time.time() - at < fresh_for)


def refuse_without_fresh_second_factor(request, *, back_to: str | None = None):
    """None when `request`'s user may publish, approve or take down now;
    otherwise the redirect to send them to: enrolment when they have no
    authenticator app yet, else the code page, which brings them back to
    `back_to` (default: the page the request came from)."""
    if verified_recently(request):
        return None
    back_to = back_to or request.get_full_path()
    if not has_second_factor(request.user):
        messages.warning(request, texts.ENROL_NEEDED)
        return redirect(f"{reverse('staff:enrol')}?{urlencode({'next': back_to})}")
    messages.warning(request, texts.REAUTH_NEEDED)
    return redirect(f"{reverse('staff:verify')}?{urlencode({'next': back_to})}")


def prove(user, code: str):
    """The confirmed device of `user` that accepts `code` (an authenticator
    app's code, or a recovery code, which is used up), or None. Each device
    slows down repeated wrong codes itself (django-otp's throttling)."""
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.filter(user=user, confirmed=True).select_for_update():
                if device.verify_token(code):
                    return device
    return None
