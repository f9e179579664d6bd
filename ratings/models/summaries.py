"""Summaries: the aggregate of an article's visible votes, one row each."""

from django.db import models
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from ..formatting import format_average, summary_label
from ..querysets import RatingSummaryQuerySet
from .votes import SCORES

# The defaults of RATINGS_BAYES_PRIOR_VOTES and RATINGS_BAYES_PRIOR_MEAN
# (vpcp_portal/settings/ratings.py; tests/ratings/test_checks.py keeps them
# equal): the index below is built for them.
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
    the same transaction (ratings.services), so reading it costs one row
    whatever the number of votes. The check constraints make an inconsistent
    row impossible: count is the sum of the histogram, total the weighted
    sum. `held` counts the votes waiting for a moderator, which the shown
    aggregate leaves out."""

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
    held = models.PositiveIntegerField(_("chờ kiểm duyệt"), default=0, db_default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)

    objects = RatingSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "article"]
        verbose_name = _("tổng hợp đánh giá")
        verbose_name_plural = _("tổng hợp đánh giá")
        indexes = [
            # "Được đánh giá cao nhất" reads the best scores first instead of
            # ranking every rated article, a cost that grows with them. Built for
            # the default constants: with others the query is just as right,
            # only unindexed, until a migration rebuilds this index for them.
            models.Index(
                bayesian_score(DEFAULT_PRIOR_VOTES, DEFAULT_PRIOR_MEAN).desc(),
                F("count").desc(),
                name="rating_summary_bayes_idx",
            ),
            # The admin's summaries list (most votes first, then the newest
            # article: count DESC, article DESC) reads its page down this index
            # instead of sorting every rated article; a search checks rows in
            # this order until a page matches.
            models.Index(fields=["-count", "-article"], name="rating_summary_count_idx"),
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
