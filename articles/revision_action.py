"""The columns every revision (django-simple-history row) of this app
carries besides the model's own: the article's (models.py) and the agency
page's (pages.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RevisionAction(models.Model):
    """The workflow action saved with a revision (a django-simple-history row
    of an article or an agency page), and its remark: a transition and its
    save are one revision."""

    action = models.CharField(_("thao tác"), max_length=16, blank=True, default="")
    remark = models.TextField(_("ý kiến"), blank=True, default="")

    class Meta:
        abstract = True


def record_action(sender, instance, history_instance, **_):
    """pre_create_historical_record receiver: the revision being written
    records the (action, remark) its save was told through the instance's
    `_revision_action`; a plain save records none."""
    history_instance.action, history_instance.remark = getattr(
        instance, "_revision_action", ("", "")
    )
