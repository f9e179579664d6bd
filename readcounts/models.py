"""Folded read counts: one row per article per hour."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadCount(models.Model):
    """Reads of one article in one hour (UTC), folded from the pending counts."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="read_counts"
    )
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The table the articles app made for this model, kept when the model
        # moved here (no data moved).
        db_table = "articles_readcount"
        verbose_name = _("lượt xem")
        verbose_name_plural = _("lượt xem")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="readcount_article_hour")
        ]
        # Đọc nhiều sums the last hours of every article.
        indexes = [models.Index(fields=["hour", "article"], name="readcount_hour_idx")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.count}"
