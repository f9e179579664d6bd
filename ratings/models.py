"""Star ratings: one row per vote, one summary row per article, and the
suspicious bursts moderators review.

Rules that span several models (casting a vote, hiding, recounting) live in
services.py; the rules of one table live here and in the database.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .querysets import RatingSummaryQuerySet, VoteQuerySet

SCORES = (1, 2, 3, 4, 5)


def format_average(average):
    """4.25 -> "4,3": one decimal, rounded half up, Vietnamese decimal comma."""
    if average is None:
        return ""
    rounded = Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded}".replace(".", ",")


def format_count(count):
    """1234 -> "1.234" (Vietnamese thousands separator)."""
    return number_format(count, decimal_pos=0, use_l10n=True, force_grouping=True)


def summary_label(average, count):
    """The sentence the widget shows: "Điểm trung bình 4,3 (12 lượt đánh giá)"."""
    if not count:
        return "Chưa có lượt đánh giá nào"
    return f"Điểm trung bình {format_average(average)} ({format_count(count)} lượt đánh giá)"


class VoteBurst(models.Model):
    """A group of votes that looks like stuffing: many votes on one article
    from one network in a short time, or a sudden skew of an article's scores.
    Flagged automatically; a moderator hides it (or leaves it) in the admin."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("nhiều lượt từ cùng một mạng")
        SKEW = "skew", _("điểm lệch đột ngột")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("bài viết")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    network_hash = models.CharField(_("mạng (mã băm)"), max_length=64, blank=True)
    first_vote_at = models.DateTimeField(_("lượt đầu tiên"))
    last_vote_at = models.DateTimeField(_("lượt cuối cùng"))
    vote_count = models.PositiveIntegerField(_("số lượt"), default=0)
    detected_at = models.DateTimeField(_("phát hiện lúc"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("ẩn lúc"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ẩn"),
    )

    class Meta:
        ordering = ["-detected_at", "-pk"]
        verbose_name = _("đợt đánh giá bất thường")
        verbose_name_plural = _("đợt đánh giá bất thường")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["network", "skew"]), name="rating_burst_kind_valid"
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
    def short_network(self):
        return self.network_hash[:8]


class Vote(models.Model):
    """One reader's score for one article. No raw IP address is stored: only
    keyed hashes (HMAC) of the address, of its network and of the user agent,
    which `purge_rating_hashes` blanks after the retention period."""

    class State(models.TextChoices):
        VISIBLE = "visible", _("hiển thị")
        HIDDEN = "hidden", _("đã ẩn")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="rating_votes", verbose_name=_("bài viết")
    )
    score = models.PositiveSmallIntegerField(
        _("số sao"), choices=[(n, f"{n} trên 5 sao") for n in SCORES]
    )
    created_at = models.DateTimeField(_("thời gian"), default=timezone.now)
    ip_hash = models.CharField(_("địa chỉ IP (mã băm)"), max_length=64, blank=True)
    network_hash = models.CharField(_("mạng (mã băm)"), max_length=64, blank=True)
    user_agent_hash = models.CharField(_("trình duyệt (mã băm)"), max_length=64, blank=True)
    voter_token = models.CharField(_("mã người đánh giá"), max_length=64)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.VISIBLE
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người kiểm duyệt"),
    )
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
                condition=Q(state__in=["visible", "hidden"]), name="rating_vote_state_valid"
            ),
            models.UniqueConstraint(
                fields=["article", "voter_token"], name="rating_vote_one_per_voter"
            ),
        ]
        indexes = [
            # Per-network burst detection and per-address daily limit at vote time.
            models.Index(
                fields=["article", "network_hash", "created_at"], name="rating_vote_net_idx"
            ),
            models.Index(fields=["article", "ip_hash", "created_at"], name="rating_vote_ip_idx"),
            # Skew detection and the per-article vote list.
            models.Index(fields=["article", "created_at"], name="rating_vote_article_idx"),
            # Admin list (newest first) and the hash purge.
            models.Index(fields=["created_at"], name="rating_vote_created_idx"),
        ]

    def __str__(self):
        when = timezone.localtime(self.created_at)
        return f"{self.score}★ bài #{self.article_id} ({when:%d/%m/%Y %H:%M})"

    @property
    def is_flagged(self):
        return self.burst_id is not None

    @property
    def short_network(self):
        return self.network_hash[:8]


# The Bayesian average's constants as deployed (RATINGS_BAYES_PRIOR_VOTES and
# RATINGS_BAYES_PRIOR_MEAN); the index below is built for them.
DEFAULT_PRIOR_VOTES = 10.0
DEFAULT_PRIOR_MEAN = 3.0


def bayesian_score(prior_votes, prior_mean, prefix=""):
    """B = (C * m + S) / (C + n) over a summary's fields, as a SQL expression
    (see services.top_rated_articles). `prefix` reaches the summary through a
    relation, e.g. "rating_summary__"."""
    total = Cast(F(f"{prefix}total"), FloatField())
    count = Cast(F(f"{prefix}count"), FloatField())
    return (Value(prior_votes * prior_mean) + total) / (Value(prior_votes) + count)


class RatingSummary(models.Model):
    """The aggregate of an article's visible votes, kept in step with them in
    the same transaction (services.py), so reading it costs one row whatever
    the number of votes. The check constraints make an inconsistent row
    impossible: count is the sum of the histogram, total the weighted sum."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rating_summary",
        verbose_name=_("bài viết"),
    )
    count = models.PositiveIntegerField(_("số lượt"), default=0)
    total = models.PositiveIntegerField(_("tổng số sao"), default=0)
    count_1 = models.PositiveIntegerField("1 sao", default=0)
    count_2 = models.PositiveIntegerField("2 sao", default=0)
    count_3 = models.PositiveIntegerField("3 sao", default=0)
    count_4 = models.PositiveIntegerField("4 sao", default=0)
    count_5 = models.PositiveIntegerField("5 sao", default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)

    objects = RatingSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "article"]
        verbose_name = _("tổng hợp đánh giá")
        verbose_name_plural = _("tổng hợp đánh giá")
        indexes = [
            # "Được đánh giá cao nhất" reads the best scores first instead of
            # ranking every rated article (97 ms at 20,000 of them). Built for
            # the default constants: with others the query is just as right,
            # only unindexed, until a migration rebuilds this index for them.
            models.Index(
                bayesian_score(DEFAULT_PRIOR_VOTES, DEFAULT_PRIOR_MEAN).desc(),
                F("count").desc(),
                name="rating_summary_bayes_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    count=F("count_1") + F("count_2") + F("count_3") + F("count_4") + F("count_5")
                ),
                name="rating_summary_count_is_histogram_sum",
            ),
            models.CheckConstraint(
                condition=Q(
                    total=F("count_1")
                    + 2 * F("count_2")
                    + 3 * F("count_3")
                    + 4 * F("count_4")
                    + 5 * F("count_5")
                ),
                name="rating_summary_total_is_weighted_sum",
            ),
        ]

    def __str__(self):
        return f"Đánh giá bài #{self.article_id}"

    @property
    def average(self):
        return self.total / self.count if self.count else None

    @property
    def histogram(self):
        return {str(n): getattr(self, f"count_{n}") for n in SCORES}

    @property
    def average_display(self):
        return format_average(self.average)

    @property
    def label(self):
        return summary_label(self.average, self.count)

    @staticmethod
    def fields_for(histogram):
        """The stored fields of a summary of votes given as {score: count}."""
        fields = {f"count_{n}": histogram.get(n, 0) for n in SCORES}
        fields["count"] = sum(histogram.get(n, 0) for n in SCORES)
        fields["total"] = sum(n * histogram.get(n, 0) for n in SCORES)
        return fields

    def histogram_rows(self):
        """(score, count, percent) from 5 stars down, for bars."""
        return [
            (n, getattr(self, f"count_{n}"), round(100 * getattr(self, f"count_{n}") / self.count))
            if self.count
            else (n, 0, 0)
            for n in reversed(SCORES)
        ]

    def as_dict(self):
        """The public aggregate, as the API returns it."""
        average = self.average
        return {
            "article": self.article_id,
            "average": round(average, 2) if average is not None else None,
            "average_display": self.average_display,
            "count": self.count,
            "histogram": self.histogram,
            "label": self.label,
        }
