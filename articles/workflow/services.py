"""Workflow transitions of an article: the only code that changes its status.

Each function is keyword-only, checks the rules of `articles.workflow.rules` (raising
`WorkflowError` with a Vietnamese message when they refuse), saves the article
(which keeps a revision), records a `Transition` (who, when, remark) and sends
the e-mail the desk expects. The admin's buttons and list actions call them.

Each takes `expected_version`, the article's version its user saw (the form or
the list carries it): the transition is refused with `StaleVersion` when the
article changed since, so an approver publishes the version they read.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import Article, Transition
from ..writing import store_article
from . import notifications
from .publication import publication_time
from .rules import RULES, Action, WorkflowError, check
from .versions import StaleVersion, claim

__all__ = [
    "StaleVersion",
    "WorkflowError",
    "publish_article",
    "return_article",
    "submit_article",
    "take_down_article",
]


def _transition(
    *, article, action, by, remark="", now=None, change=None, expected_version, amend=False
):
    """Apply `action` to `article` under a row lock and record it.

    `change(article, from_status, now)` may adjust fields before the save.
    `amend`: the action goes on the revision the caller's save of `article`
    just made (a form's save and its button are one revision), when there is one.
    Returns the Transition. Raises WorkflowError when the rules refuse, and
    StaleVersion when the stored version is not `expected_version` (if given).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # The stored status decides, not a stale copy from an open form.
        current = Article.objects.select_for_update().only("status").get(pk=article.pk)
        check(user=by, action=action, status=current.status, remark=remark)
        claim(article=article, expected_version=expected_version)
        from_status = current.status
        article.status = RULES[action].target
        if change:
            change(article, from_status, now)
        article._history_user = by
        _save_with_action(
            article, action, remark, getattr(article, "_saved_revision", None) if amend else None
        )
        return Transition.objects.record(
            article=article, action=action, by=by, from_status=from_status, remark=remark, at=now
        )


def _save_with_action(article, action, remark, revision):
    """Save `article` with one revision recording `action` and `remark`: a new
    one, or `revision` (the save's own) brought up to date."""
    if revision is None:
        article._revision_action = (action.value, remark.strip())
        try:
            store_article(article=article)
        finally:
            del article._revision_action
        return
    article.skip_history_when_saving = True
    try:
        store_article(article=article)
    finally:
        del article.skip_history_when_saving
    for name in ("status", "published_at", "slug", "version"):
        setattr(revision, name, getattr(article, name))
    revision.action, revision.remark = action.value, remark.strip()
    revision.save(update_fields=["status", "published_at", "slug", "version", "action", "remark"])


def submit_article(
    *,
    article: Article,
    by,
    remark: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
    amend: bool = False,
):
    """Editor → approvers: the article waits in the approvers' queue (chờ duyệt).

    Allowed from bản nháp, trả lại and đã gỡ for anyone who may edit articles.
    E-mails every approver. Returns the Transition; raises WorkflowError.
    """
    record = _transition(
        article=article,
        action=Action.SUBMIT,
        by=by,
        remark=remark,
        now=now,
        expected_version=expected_version,
        amend=amend,
    )
    notifications.submitted(article=article, by=by)
    return record


def publish_article(
    *,
    article: Article,
    by,
    published_at: datetime | None = None,
    remark: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
    amend: bool = False,
):
    """Approve and publish (duyệt và xuất bản) at the time that was typed.

    `published_at`: a time set by the caller (a command, a test); without it
    the article's own time is kept as typed, a past one as it is and a future
    one scheduling the article (hẹn giờ), and an empty one becomes now
    (`publication.publication_time`). A republication thus keeps the time of
    the first publication unless the approver typed another.
    `expected_version`: the version the approver read; a later one is not
    published (StaleVersion). Approvers only. Returns the Transition; raises
    WorkflowError.
    """

    def set_time(article, from_status, now):
        typed = published_at if published_at is not None else article.published_at
        article.published_at = publication_time(typed=typed, now=now)

    return _transition(
        article=article,
        action=Action.PUBLISH,
        by=by,
        remark=remark,
        now=now,
        change=set_time,
        expected_version=expected_version,
        amend=amend,
    )


def return_article(
    *,
    article: Article,
    by,
    remark: str,
    now: datetime | None = None,
    expected_version: int | None = None,
    amend: bool = False,
):
    """Send a submitted article back to its author (trả lại) with a remark.

    Approvers only; the remark is required. E-mails the author.
    Returns the Transition; raises WorkflowError.
    """
    record = _transition(
        article=article,
        action=Action.RETURN,
        by=by,
        remark=remark,
        now=now,
        expected_version=expected_version,
        amend=amend,
    )
    notifications.returned(article=article, to=article.created_by, by=by, remark=remark)
    return record


def take_down_article(
    *,
    article: Article,
    by,
    remark: str = "",
    now: datetime | None = None,
    expected_version: int | None = None,
    amend: bool = False,
):
    """Take a published (or scheduled) article off the site (gỡ bài).

    Approvers only; its publication time is kept for a republication.
    Returns the Transition; raises WorkflowError.
    """
    return _transition(
        article=article,
        action=Action.TAKE_DOWN,
        by=by,
        remark=remark,
        now=now,
        expected_version=expected_version,
        amend=amend,
    )


# Each service by the action it performs (the admin's buttons and actions).
SERVICES: dict[Action, Callable[..., Transition]] = {
    Action.SUBMIT: submit_article,
    Action.PUBLISH: publish_article,
    Action.RETURN: return_article,
    Action.TAKE_DOWN: take_down_article,
}
