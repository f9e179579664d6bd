"""Fields the ratings tables declare alike: the keyed hash of a network and
the staff member who acted on a row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def network_hash_field():
    """The keyed hash (HMAC, hex) of the voter's network, blank once purged
    (`purge_rating_hashes`); never the address itself."""
    return models.CharField(_("mạng (mã băm)"), max_length=64, blank=True)


def staff_member_field(verbose_name):
    """A link to the staff member who acted (moderated, hid, accepted); the
    row keeps its history when the account is deleted (SET_NULL)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
