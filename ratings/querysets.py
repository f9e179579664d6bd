"""Query rules of the ratings tables."""

from datetime import timedelta

from django.db import models
from django.db.models import Sum
from django.utils import timezone


class VoteQuerySet(models.QuerySet):
    def visible(self):
        """Votes that count in the shown average."""
        return self.filter(state="visible")

    def hidden(self):
        return self.filter(state="hidden")

    def flagged(self):
        return self.filter(burst__isnull=False)

    def from_network(self, article_id, network_hash, since):
        """Votes on one article from one network since a time (index
        rating_vote_net_idx)."""
        return self.filter(article_id=article_id, network_hash=network_hash, created_at__gte=since)

    def from_address(self, article_id, ip_hash, since):
        """Votes on one article from one IP address since a time (index
        rating_vote_ip_idx)."""
        return self.filter(article_id=article_id, ip_hash=ip_hash, created_at__gte=since)

    def with_hashes_older_than(self, days, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.filter(created_at__lt=cutoff).exclude(
            ip_hash="", network_hash="", user_agent_hash=""
        )

    def histograms(self):
        """{article_id: {score: count}} of these votes, in one query."""
        result = {}
        rows = self.order_by().values_list("article_id", "score").annotate(n=models.Count("pk"))
        for article_id, score, n in rows:
            result.setdefault(article_id, {})[score] = n
        return result


class RatingSummaryQuerySet(models.QuerySet):
    def portal_mean(self):
        """Mean score of all visible votes on the portal (None without votes),
        read from the summaries: one cheap aggregate."""
        totals = self.aggregate(total=Sum("total"), count=Sum("count"))
        if not totals["count"]:
            return None
        return totals["total"] / totals["count"]
