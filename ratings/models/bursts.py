"""Bursts: groups of votes that look like stuffing."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .fields import network_hash_field, staff_member_field


class BurstKind(models.TextChoices):
    """What made a burst look like stuffing (VoteBurst.Kind)."""

    NETWORK = "network", _("dồn dập từ một mạng")
    DRIP = "drip", _("rải rác từ một mạng")
    SKEW = "skew", _("điểm lệch đột ngột")


class VoteBurst(models.Model):
    """A group of votes that looks like stuffing: many votes on one article
    from one network in a short time or dripped over hours, or a sudden skew
    of an article's scores. Flagged automatically (ratings.bursts); its votes
    are held until a moderator accepts or hides the whole burst."""

    Kind = BurstKind

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("bài viết")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    network_hash = network_hash_field()
    first_vote_at = models.DateTimeField(_("lượt đầu tiên"))
    last_vote_at = models.DateTimeField(_("lượt cuối cùng"))
    vote_count = models.PositiveIntegerField(_("số lượt"), default=0)
    detected_at = models.DateTimeField(_("phát hiện lúc"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("ẩn lúc"), null=True, blank=True)
    hidden_by = staff_member_field(_("người ẩn"))
    accepted_at = models.DateTimeField(_("chấp nhận lúc"), null=True, blank=True)
    accepted_by = staff_member_field(_("người chấp nhận"))

    class Meta:
        ordering = ["-detected_at", "-pk"]
        verbose_name = _("đợt đánh giá bất thường")
        verbose_name_plural = _("đợt đánh giá bất thường")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BurstKind.values), name="rating_burst_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(last_vote_at__gte=F("first_vote_at")),
                name="rating_burst_window_ordered",
            ),
        ]
        indexes = [
            # Vote-time lookup of an open network burst to extend.
            models.Index(
                fields=["article", "network_hash", "-last_vote_at"],
                name="rating_burst_open_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.vote_count} lượt, bài #{self.article_id}"

    @property
    def is_open(self):
        """Not yet accepted or hidden: votes joining it are held."""
        return self.hidden_at is None and self.accepted_at is None
