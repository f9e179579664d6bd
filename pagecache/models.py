"""The page generation's record in PostgreSQL: one row, bumped in the
transaction of every change that expires pages (generation.py). It, not
Redis, decides whether a cached page is current, so a Redis that restarts
empty, rolls back to a snapshot or misses a publish while down can never
make an old page current again."""

from django.db import models


class PageGeneration(models.Model):
    # One row (id 1): a CheckConstraint keeps it so.
    value = models.BigIntegerField(default=0)

    class Meta:
        db_table = "pagecache_generation"  # named in generation.py's SQL
        verbose_name = "thế hệ trang"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="pagecache_generation_one_row"),
        ]

    def __str__(self):
        return f"thế hệ {self.value}"
