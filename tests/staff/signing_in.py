"""Signing in to the admin as staff do: the password form, the code page,
codes computed from the authenticator app's secret."""

from base64 import b32decode

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "mat-khau-123"
OFFICE = "203.0.113.20"


def sign_in(client, username, password=PASSWORD, address=OFFICE, **extra):
    """Post the admin's sign-in form from `address`; the response."""
    data = {"username": username, "password": password, "next": "/quan-tri/", **extra}
    return client.post(reverse("admin:login"), data, REMOTE_ADDR=address)


def app_code(secret_or_device, steps_ahead=0):
    """The code an authenticator app shows for `secret_or_device` (the secret
    as the enrolment page prints it, or a device), `steps_ahead` periods of 30 s
    from now (django-otp refuses a code twice, and accepts the next period's)."""
    if isinstance(secret_or_device, TOTPDevice):
        key = secret_or_device.bin_key
    else:
        secret = "".join(secret_or_device.split())
        key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=-30 * steps_ahead, digits=6):06d}"


def give_code(client, code, next_url="/quan-tri/", address=OFFICE, **extra):
    """Post `code` to the two-step sign-in's code page; the response."""
    data = {"code": code, "next": next_url, **extra}
    return client.post(reverse("staff:verify"), data, REMOTE_ADDR=address)


def enrol(client, address=OFFICE):
    """Set up an authenticator app on the enrolment page as staff do (read the
    secret shown as text, type the app's code); returns (secret, recovery codes)."""
    page = client.get(reverse("staff:enrol"), REMOTE_ADDR=address)
    secret = page.context["secret"]
    done = client.post(reverse("staff:enrol"), {"code": app_code(secret)}, REMOTE_ADDR=address)
    return secret, done.context["codes"]


def enrolled_then_signed_in_again(client, user):
    """`user` sets up the app, signs out and signs in again with the password
    (the code not given yet); returns (secret, recovery codes)."""
    sign_in(client, user.username)
    secret, codes = enrol(client)
    client.logout()
    sign_in(client, user.username)
    return secret, codes
