"""Writing the sign-in log from Django's sign-in signals and from the second
factor's views, pruning rows past STAFF_SIGNIN_LOG_DAYS as new ones come."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from core.client_ip import client_ip

from . import throttle
from .models import SignIn
from .networks import network_of


def record(*, request, username: str, user=None, step: str, succeeded: bool) -> SignIn:
    """Log one sign-in step of `username` (the account `user` when known) from
    `request`'s network, and delete the rows older than the retention."""
    cutoff = timezone.now() - timedelta(days=settings.STAFF_SIGNIN_LOG_DAYS)
    SignIn.objects.filter(at__lt=cutoff).delete()
    return SignIn.objects.create(
        username=username[:150],
        user=user,
        network=network_of(client_ip(request)) if request is not None else "",
        step=step,
        succeeded=succeeded,
    )


@receiver(user_logged_in, dispatch_uid="staff-signed-in")
def signed_in(sender, request, user, **kwargs):
    if request is None:  # a test's force_login, a script's login()
        return
    record(
        request=request,
        username=user.get_username(),
        user=user,
        step=SignIn.Step.PASSWORD,
        succeeded=True,
    )


@receiver(user_login_failed, dispatch_uid="staff-sign-in-failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD, ""))
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    throttle.count_failure(request, username, known=user is not None)
    record(
        request=request,
        username=username,
        user=user,
        step=SignIn.Step.PASSWORD,
        succeeded=False,
    )
