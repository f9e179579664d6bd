"""Votes: one row per reader's score for an article."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from ..querysets import VoteQuerySet
from .bursts import VoteBurst
from .fields import network_hash_field, staff_member_field

SCORES = (1, 2, 3, 4, 5)


class VoteState(models.TextChoices):
    """Whether a vote counts (Vote.State): held votes wait for a moderator."""

    VISIBLE = "visible", _("hiển thị")
    HELD = "held", _("chờ kiểm duyệt")
    HIDDEN = "hidden", _("đã ẩn")


class Vote(models.Model):
    """One reader's score for one article. No raw IP address is stored: only
    keyed hashes (HMAC) of the address, of its network and of the user agent,
    which `purge_rating_hashes` blanks after the retention period."""

    State = VoteState

    # No index of its own: rating_vote_one_per_voter and rating_vote_article_idx
    # both lead with the article.
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="rating_votes",
        verbose_name=_("bài viết"),
        db_index=False,
    )
    score = models.PositiveSmallIntegerField(
        _("số sao"), choices=[(n, f"{n} trên 5 sao") for n in SCORES]
    )
    created_at = models.DateTimeField(_("thời gian"), default=timezone.now)
    ip_hash = models.CharField(_("địa chỉ IP (mã băm)"), max_length=64, blank=True)
    network_hash = network_hash_field()
    user_agent_hash = models.CharField(_("trình duyệt (mã băm)"), max_length=64, blank=True)
    voter_token = models.CharField(_("mã người đánh giá"), max_length=64)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.VISIBLE
    )
    moderated_by = staff_member_field(_("người kiểm duyệt"))
    moderated_at = models.DateTimeField(_("kiểm duyệt lúc"), null=True, blank=True)
    burst = models.ForeignKey(
        VoteBurst,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("đợt đánh giá bất thường"),
    )

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lượt đánh giá")
        verbose_name_plural = _("lượt đánh giá")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_vote_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(state__in=VoteState.values),
                name="rating_vote_state_valid",
            ),
            models.UniqueConstraint(
                fields=["article", "voter_token"], name="rating_vote_one_per_voter"
            ),
        ]
        # Every vote writes an entry into each index without a condition: an
        # index earns its place by a query that would otherwise read the table.
        indexes = [
            # Skew detection, the per-article vote list, an article's deletion.
            models.Index(fields=["article", "created_at"], name="rating_vote_article_idx"),
            # Admin list (newest first) and the hash purge.
            models.Index(fields=["created_at"], name="rating_vote_created_idx"),
            # The moderators' queue: only held votes, few whatever the table's size.
            models.Index(
                fields=["article"], condition=Q(state="held"), name="rating_vote_held_idx"
            ),
            # The vote-time quotas and burst counts of one network, all read by
            # one index-only scan (ratings.limits.usage_of), and the votes a
            # burst takes in (VoteQuerySet.from_network).
            models.Index(
                fields=["network_hash", "created_at", "article", "ip_hash"],
                name="rating_vote_net_day_idx",
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.created_at)
        return f"{self.score}★ bài #{self.article_id} ({when:%d/%m/%Y %H:%M})"

    @property
    def is_flagged(self):
        return self.burst_id is not None

    @property
    def is_held(self):
        return self.state == self.State.HELD
