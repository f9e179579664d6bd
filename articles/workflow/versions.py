"""Optimistic concurrency: no change is made from an older copy of an article.

Every change staff make to an article (a save, a pending proposal, a
transition, the review of a proposal) adds one to `Article.version` by a
conditional UPDATE (`claim`) naming the version its author saw: of two changes
made from the same version only the first is applied, even in the same
second, and the second raises `StaleVersion`. The forms and the list's actions
carry the version their user saw, so an approver publishes the version they
read, and an editor never overwrites a colleague's save without seeing it.
"""

from django.db import transaction
from django.db.models import F
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from ..models import Article
from .rules import WorkflowError


def display_name(user):
    """How the desk names a staff member: full name, else username; "—" for none."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def last_change(article):
    """(user, time) of the newest change to `article`: its newest revision or
    transition, whichever is later; (None, None) when it has neither."""
    revision = (
        article.history.select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    transition = article.transitions.select_related("by").first()
    changes = [(revision.history_date, revision.history_user)] if revision else []
    if transition is not None:
        changes.append((transition.at, transition.by))
    if not changes:
        return None, None
    at, by = max(changes, key=lambda change: change[0])
    return by, at


class StaleVersion(WorkflowError):
    """A change made from version `seen` of `article`, which is now at version
    `current` (None when unknown); `by` and `at` say who changed it last and
    when. The message, in Vietnamese, names them."""

    def __init__(self, *, article: Article, seen: int | None, current: int | None = None):
        self.article, self.seen, self.current = article, seen, current
        self.by, self.at = last_change(article)
        when = date_format(localtime(self.at), "H:i d/m/Y") if self.at else "—"
        super().__init__(
            f"Bài viết “{article.title}” đã được {display_name(self.by)} thay đổi lúc {when}, "
            "sau khi bạn mở nó."
        )


def hold(*, article: Article, seen: int | None) -> None:
    """Raise StaleVersion unless `article` is still at version `seen`; inside a
    transaction its row stays locked until that transaction ends, so a form
    that checked its version first cannot be overtaken before its own save."""
    # NO KEY: rows that refer to the article (votes, reads) may still be written.
    rows = Article.objects.filter(pk=article.pk).select_for_update(no_key=True)
    with transaction.atomic():
        current = rows.values_list("version", flat=True).first()
    if current is None or current != seen:
        raise StaleVersion(article=article, seen=seen, current=current)


def claim(*, article: Article, expected_version: int | None = None) -> int:
    """Add one to the stored version of `article`, provided it is still
    `expected_version` (None: whatever it is), and set it on `article`.

    Call it inside the transaction that makes the change: the UPDATE locks the
    row until that transaction ends. Returns the new version; raises
    StaleVersion when the stored version is not the expected one.
    """
    rows = Article.objects.filter(pk=article.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise StaleVersion(article=article, seen=expected_version)
    if expected_version is not None:
        article.version = expected_version + 1
    else:
        article.version = rows.values_list("version", flat=True).get()
    return article.version
