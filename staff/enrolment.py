"""Setting up an authenticator app and recovery codes for one account, shared
by the enrolment page and `manage.py enrol_second_factor`."""

import logging
import smtplib
from base64 import b32encode

import segno
from django.core.mail import send_mail
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import signins, texts
from .models import SignIn

log = logging.getLogger(__name__)

RECOVERY_CODES = 10
APP_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã dự phòng"


def pending_device(user) -> TOTPDevice:
    """The authenticator app `user` is setting up (unconfirmed), made on the
    first call with a new secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as the apps ask for it when typed in: base32, in groups of 4."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of `device` as an inline SVG QR code, dark on a
    white ground whatever the admin's colour theme (scanners need the contrast)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, light="#fff")


@transaction.atomic
def confirm(device: TOTPDevice, *, request=None) -> list[str]:
    """Make `device` the account's one authenticator app and give it new
    recovery codes; returns the codes (shown once, stored as given). The
    sign-in log gets a row (from `request`'s network, when there is one) and
    the account's e-mail address a notice: someone who set up an app with a
    stolen password is seen."""
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    signins.record(
        request=request,
        username=user.get_username(),
        user=user,
        step=SignIn.Step.ENROLMENT,
        succeeded=True,
    )
    if user.email:
        transaction.on_commit(lambda: _notify(user))
    return new_recovery_codes(user)


def _notify(user) -> None:
    body = texts.ENROLLED_MAIL_BODY.format(username=user.get_username())
    try:
        send_mail(texts.ENROLLED_MAIL_SUBJECT, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        # The app is set up either way; the log says the notice was lost.
        log.exception("second factor notice not sent", extra={"user": user.pk})


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace `user`'s recovery codes with RECOVERY_CODES new ones, each good
    for one sign-in; returns them."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes
