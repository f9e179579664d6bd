"""Moderation of votes: accept held votes or whole bursts, hide, show again,
delete, hide a whole burst, reset an article. Each change locks the
summaries of the articles it touches (RatingSummaryQuerySet.lock(), in key
order so two moderators cannot deadlock), recounts them from the votes in the
same transaction, and is recorded in the admin log (LogEntry), as the
"Moderation" of docs/ratings.md states."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

import pagecache
from articles.caching import HOME
from articles.models import Article
from pagecache.keys import of as page_key

from ..models import RatingSummary, Vote, VoteBurst
from ..selectors import summary_fields

Votes = QuerySet[Vote] | Iterable[Vote]


def hide_votes(*, votes: Votes, actor: AbstractBaseUser, now: datetime | None = None) -> int:
    """Hide votes: they stop counting in the shown average, count and
    histogram at once. votes: a queryset (read again under the lock) or Vote
    objects; actor: the moderator, recorded in LogEntry. Returns how many
    changed (votes already hidden are left alone)."""
    return _set_state(votes, Vote.State.HIDDEN, actor, "Ẩn đánh giá", now)


def unhide_votes(*, votes: Votes, actor: AbstractBaseUser, now: datetime | None = None) -> int:
    """Show hidden votes again (they count again); as hide_votes()."""
    return _set_state(votes, Vote.State.VISIBLE, actor, "Hiện lại đánh giá", now, Vote.State.HIDDEN)


def accept_votes(*, votes: Votes, actor: AbstractBaseUser, now: datetime | None = None) -> int:
    """Accept held votes: they count from now on (docs/ratings.md,
    "Against vote stuffing, and for privacy"); votes not held are left alone. As hide_votes()."""
    return _set_state(
        votes, Vote.State.VISIBLE, actor, "Chấp nhận đánh giá chờ kiểm duyệt", now, Vote.State.HELD
    )


def delete_votes(*, votes: Votes, actor: AbstractBaseUser) -> int:
    """Delete votes for good, recount their articles and their bursts'
    sizes; returns how many were deleted."""
    with transaction.atomic():
        article_ids = _articles_of(votes)
        RatingSummary.objects.lock(article_ids)
        doomed = list(_selected_under_lock(votes, article_ids).select_for_update().order_by("pk"))
        if not doomed:
            return 0
        LogEntry.objects.log_actions(actor.pk, doomed, DELETION, change_message="Xoá đánh giá")
        Vote.objects.filter(pk__in=[v.pk for v in doomed]).delete()
        recount(article_ids=article_ids)
        _refresh_burst_counts(article_ids)
    return len(doomed)


Bursts = QuerySet[VoteBurst] | Iterable[VoteBurst]


def hide_burst(*, bursts: Bursts, actor: AbstractBaseUser, now: datetime | None = None) -> int:
    """Hide every vote of the given bursts at once, including a vote added to
    a burst while the moderator waited for the lock; returns how many votes
    changed."""
    return _judge_bursts(bursts, actor, now, hide_votes, "hidden", "Ẩn")


def accept_bursts(*, bursts: Bursts, actor: AbstractBaseUser, now: datetime | None = None) -> int:
    """Accept the held votes of the given bursts at once (a moderator judged
    them genuine, e.g. an office voting together); hidden ones stay hidden.
    Returns how many votes now count."""
    return _judge_bursts(bursts, actor, now, accept_votes, "accepted", "Chấp nhận")


def _judge_bursts(bursts, actor, now, judge_votes, decision, verb):
    """Apply judge_votes() to every vote of the bursts, and stamp the bursts
    `<decision>_at` / `<decision>_by`; returns how many votes changed."""
    now = now or timezone.now()
    with transaction.atomic():
        burst_list = list(VoteBurst.objects.filter(pk__in=_pks(bursts)))
        if not burst_list:
            return 0
        # The bursts' articles, not their current votes: cast_vote() may add a
        # vote to a burst until we hold the summary lock, and that vote must
        # be judged with the others.
        RatingSummary.objects.lock([burst.article_id for burst in burst_list])
        changed = judge_votes(votes=Vote.objects.filter(burst__in=burst_list), actor=actor, now=now)
        VoteBurst.objects.filter(pk__in=[b.pk for b in burst_list]).update(
            **{f"{decision}_at": now, f"{decision}_by": actor}
        )
        LogEntry.objects.log_actions(
            actor.pk,
            burst_list,
            CHANGE,
            change_message=f"{verb} đợt đánh giá bất thường ({changed} lượt)",
        )
    return changed


def reset_ratings(*, article: Article, actor: AbstractBaseUser, now: datetime | None = None) -> int:
    """Delete all votes and bursts of an article and zero its summary;
    returns how many votes were deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        summary = RatingSummary.objects.lock([article.pk], create=True)[article.pk]
        deleted = Vote.objects.filter(article_id=article.pk).count()
        Vote.objects.filter(article_id=article.pk).delete()
        VoteBurst.objects.filter(article_id=article.pk).delete()
        RatingSummary.objects.filter(pk=article.pk).update(
            **RatingSummary.fields_for({}), held=0, updated_at=now
        )
        _expire_pages([article.pk])
        LogEntry.objects.log_actions(
            actor.pk,
            [summary],
            CHANGE,
            change_message=f"Đặt lại đánh giá: đã xoá {deleted} lượt đánh giá",
        )
    return deleted


def _set_state(votes, state, actor, message, now=None, only_from=None):
    """Move the votes (those in state `only_from`, if given) to `state`."""
    now = now or timezone.now()
    with transaction.atomic():
        article_ids = _articles_of(votes)
        RatingSummary.objects.lock(article_ids)
        selected = _selected_under_lock(votes, article_ids).exclude(state=state)
        if only_from is not None:
            selected = selected.filter(state=only_from)
        changed = list(selected.select_for_update().order_by("pk"))
        if not changed:
            return 0
        Vote.objects.filter(pk__in=[v.pk for v in changed]).update(
            state=state, moderated_by=actor, moderated_at=now
        )
        recount(article_ids=article_ids, now=now)
        LogEntry.objects.log_actions(actor.pk, changed, CHANGE, change_message=message)
    return len(changed)


def _pks(objects):
    if hasattr(objects, "values_list"):
        return list(objects.values_list("pk", flat=True))
    return [getattr(obj, "pk", obj) for obj in objects]


def _articles_of(votes):
    """The sorted ids of the articles of these votes (a queryset or Votes)."""
    if hasattr(votes, "values_list"):
        return sorted(set(votes.order_by().values_list("article_id", flat=True).distinct()))
    return sorted({vote.article_id for vote in votes})


def _selected_under_lock(votes, article_ids):
    """The votes again, as a query to run once their summaries are locked: a
    queryset's conditions are then read afresh, so a vote cast while the
    moderator waited for the lock is included if it matches. Only votes of
    the locked articles are ever touched."""
    if hasattr(votes, "values_list"):
        chosen = Vote.objects.filter(pk__in=votes.order_by().values("pk"))
    else:
        chosen = Vote.objects.filter(pk__in=[vote.pk for vote in votes])
    return chosen.filter(article_id__in=article_ids)


def recount(*, article_ids: list[int], now: datetime | None = None) -> None:
    """Recompute the summaries of these articles from their votes (visible
    ones counted, held ones in `held`). Call with their summaries locked
    (RatingSummaryQuerySet.lock())."""
    now = now or timezone.now()
    for article_id, fields in summary_fields(article_ids=article_ids).items():
        RatingSummary.objects.filter(pk=article_id).update(**fields, updated_at=now)
    _expire_pages(article_ids)


def _expire_pages(article_ids):
    """Pages show the articles' ratings and the home page "Được đánh giá cao
    nhất": none may outlive a moderator's action. (A reader's vote expires
    nothing: pages stay cached.)"""
    pagecache.expire([*(page_key(Article, pk) for pk in article_ids), HOME])


def _refresh_burst_counts(article_ids):
    for burst in VoteBurst.objects.filter(article_id__in=article_ids).annotate(n=Count("votes")):
        if burst.n != burst.vote_count:
            VoteBurst.objects.filter(pk=burst.pk).update(vote_count=burst.n)
