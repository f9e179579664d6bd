"""Who may see an article, stated once: "public" and "scheduled" (hẹn giờ
xuất bản) are each one `Visibility`, from which both the queryset filter
(`ArticleQuerySet.published()`, `.scheduled()`) and the instance predicate
(`Article.is_public`, `.is_scheduled`) are derived, so the database and Python
cannot disagree on where the line is."""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from .workflow.rules import Status

# The lookups a visibility may compare `published_at` with, and what each
# means in Python; only these, so the two forms stay the same rule.
_COMPARISONS: dict[str, Callable[[datetime, datetime], bool]] = {
    "lte": operator.le,
    "gt": operator.gt,
}


@dataclass(frozen=True)
class Visibility:
    """An approved article whose `published_at` compares to now by `lookup`.

    Attributes:
        status: the workflow status the article must have.
        lookup: "lte" (its time has come) or "gt" (its time is still ahead).
    """

    status: str
    lookup: str

    def q(self, now: datetime | None = None) -> Q:
        """The rule as a filter; `now` defaults to the current time."""
        return Q(status=self.status, **{f"published_at__{self.lookup}": now or timezone.now()})

    def holds(self, article, now: datetime | None = None) -> bool:
        """The same rule for one loaded article (no query); `now` as in q()."""
        compare = _COMPARISONS[self.lookup]
        return article.status == self.status and compare(
            article.published_at, now or timezone.now()
        )


# Published and its time has come: the public sees it. A scheduled article
# turns public by itself when `published_at` passes; no job has to flip it.
PUBLIC = Visibility(status=Status.PUBLISHED, lookup="lte")
# Approved, waiting for its time (hẹn giờ xuất bản).
SCHEDULED = Visibility(status=Status.PUBLISHED, lookup="gt")
SCHEDULED_LABEL = "hẹn giờ xuất bản"


class ShownStatus(NamedTuple):
    """Where an article stands as the newsroom sees it: `key` names the badge
    (CSS class, admin filter value), `label` is its Vietnamese text."""

    key: str
    label: str


def shown_status(article) -> ShownStatus:
    """The article's status as the desk shows it, scheduled told apart from
    public (both are `published` in the database)."""
    if SCHEDULED.holds(article):
        return ShownStatus("scheduled", SCHEDULED_LABEL)
    return ShownStatus(article.status, article.get_status_display())
