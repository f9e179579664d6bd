"""The record of every workflow transition: who, when, what, and the remark.

Imported by `articles.models`; the check constraint comes from the rules in
`articles.workflow.rules`, so the database refuses what the rules refuse.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import RULES, Action, Status, transition_constraint_condition


class TransitionQuerySet(models.QuerySet):
    def record(self, *, article, action: Action, by, from_status: str, remark: str = "", at=None):
        """Store that `by` applied `action` to `article`, which was in
        `from_status`, at `at` (a datetime, now by default); the state it led to
        is the rule's target, and the remark is stored trimmed. Every
        transition row is written here. Returns the Transition; raises
        IntegrityError for a row the rules refuse (its check constraint)."""
        return self.create(
            article=article,
            action=action,
            from_status=from_status,
            to_status=RULES[action].target,
            by=by,
            at=at or timezone.now(),
            remark=remark.strip(),
        )


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

    objects = TransitionQuerySet.as_manager()

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
