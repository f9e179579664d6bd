"""The record of every workflow transition: who, when, what, and the remark.

Imported by `articles.models`; the check constraint comes from the rules in
`articles.workflow.rules`, so the database refuses what the rules refuse.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import Action, Status, transition_constraint_condition


class Transition(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("bài viết"),
    )
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời gian"), default=timezone.now)
    remark = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("lượt chuyển trạng thái")
        verbose_name_plural = _("lượt chuyển trạng thái")
        indexes = [models.Index(fields=["article", "-at"], name="transition_article_idx")]
        constraints = [
            models.CheckConstraint(
                condition=transition_constraint_condition(), name="transition_allowed"
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"
