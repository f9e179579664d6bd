"""Query rules of the ratings tables."""

from datetime import timedelta

from django.db import models
from django.db.models import Sum
from django.utils import timezone


class VoteQuerySet(models.QuerySet):
    """Votes. States are Vote.State's (self.model.State: the model imports
    this module, so it cannot be imported here)."""

    def visible(self):
        """Votes that count in the shown average."""
        return self.filter(state=self.model.State.VISIBLE)

    def held(self):
        """Votes stored but waiting for a moderator: they do not count yet."""
        return self.filter(state=self.model.State.HELD)

    def hidden(self):
        """Votes a moderator hid: stored, never counted."""
        return self.filter(state=self.model.State.HIDDEN)

    def flagged(self):
        """Votes in a burst (VoteBurst): what moderators review."""
        return self.filter(burst__isnull=False)

    def unflagged(self):
        return self.filter(burst__isnull=True)

    def from_network(self, article_id, network_hash, since):
        """Votes on one article from one network since a time: a range of
        rating_vote_net_day_idx (the network's votes since then, on every
        article, which its daily quota bounds)."""
        return self.filter(article_id=article_id, network_hash=network_hash, created_at__gte=since)

    def by_voter(self, article, token):
        """The vote of one browser (its voter token) on one article, if any
        (constraint rating_vote_one_per_voter)."""
        return self.filter(article=article, voter_token=token)

    def with_hashes_older_than(self, days, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.filter(created_at__lt=cutoff).exclude(
            ip_hash="", network_hash="", user_agent_hash=""
        )

    def histograms(self):
        """{article_id: {score: count}} of these votes, in one query."""
        result: dict[int, dict[int, int]] = {}
        rows = self.order_by().values_list("article_id", "score").annotate(n=models.Count("pk"))
        for article_id, score, n in rows:
            result.setdefault(article_id, {})[score] = n
        return result


class RatingSummaryQuerySet(models.QuerySet):
    def lock(self, article_ids, create=False):
        """Lock the summary rows of these articles with one SELECT ... FOR
        UPDATE in primary-key order, so that two writers cannot deadlock.
        Returns {article_id: RatingSummary}. Call inside a transaction.

        With `create`, missing rows are made first, then locked with the
        others in that one ordered SELECT: locking the existing rows first and
        the new ones after could take a lower key after a higher one."""
        article_ids = sorted(set(article_ids))
        if not article_ids:
            return {}
        if create and len(article_ids) == 1:
            # A vote: locking one row before knowing whether it exists holds
            # nothing out of order, and all but an article's first vote then
            # cost this single query.
            summaries = self._locked(article_ids)
            if summaries:
                return summaries
        if create:
            self._create_missing(article_ids)
        return self._locked(article_ids)

    def _locked(self, article_ids):
        rows = self.select_for_update().filter(pk__in=article_ids).order_by("pk")
        return {summary.pk: summary for summary in rows}

    def _create_missing(self, article_ids):
        existing = set(self.filter(pk__in=article_ids).values_list("pk", flat=True))
        missing = [pk for pk in article_ids if pk not in existing]
        if missing:
            # Another writer may make the same rows meanwhile: theirs are kept.
            self.bulk_create([self.model(article_id=pk) for pk in missing], ignore_conflicts=True)

    def portal_mean(self):
        """Mean score of all visible votes on the portal (None without votes),
        read from the summaries: one cheap aggregate."""
        totals = self.aggregate(total=Sum("total"), count=Sum("count"))
        if not totals["count"]:
            return None
        return totals["total"] / totals["count"]
