"""Revisions of an article: pending changes, their review, and restoring.

Every save of an article keeps a revision (django-simple-history, the
`HistoricalArticle` rows). An editor's edit of a published article is kept as
a *pending* revision instead of being saved on the article: the row the
public reads keeps the approved text until an approver applies the change
(`approve_revision`) or returns it (`return_revision`). Approvers' own edits
go live at once (`save_edit`). Each takes `expected_version`, the version
its user saw (articles/workflow/versions.py): a change made from an older one
is refused with `StaleVersion`.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import ARTICLE_HISTORY, Article, RevisionReview, Transition
from ..uploads import prepare_lead_image
from ..writing import prepare_article, store_article
from . import notifications
from .rules import REVIEWED_STATES, Action, WorkflowError, check, may
from .versions import claim
from .whole import apply_pending_image, lay_over, propose_topics, set_topics, topic_ids_of

Review = RevisionReview.Review
HistoricalArticle = Article.history.model
# The article's fields a revision holds, read from the history model itself
# (django-simple-history's `tracked_fields`: every field but ARTICLE_HISTORY's
# excluded ones), without the key and what only the system writes (author,
# times): what the compare page shows.
REVISION_FIELDS = [
    field for field in HistoricalArticle.tracked_fields if field.editable and not field.primary_key
]
# Fields the workflow sets, not an edit: the status, the publication time, and
# the address, which is frozen once the article is public.
WORKFLOW_FIELDS = frozenset({"status", "published_at", "slug"})
# What a revision proposes and a restore brings back (attribute names, so a
# foreign key is copied by its id).
CONTENT_FIELDS = [field.attname for field in REVISION_FIELDS if field.name not in WORKFLOW_FIELDS]
# Workflow fields an editor may still propose for a published article: the
# publication time readers see. Applied when the proposal is approved; a
# restore leaves it (an old version's time may be none at all).
PROPOSED_DATES = ["published_at"]
# Every field of the article a revision proposes and an approver reviews:
# the content columns, the dates and the many-to-many topics (whole.py).
REVIEWED_FIELDS = frozenset(
    [field.name for field in REVISION_FIELDS if field.name not in WORKFLOW_FIELDS]
    + [*PROPOSED_DATES, "topics"]
)
# The revision's action "restore" (not a workflow transition), as the list names it.
RESTORE = "restore"
NOTHING_TO_RESTORE = (
    "Phiên bản này giống nội dung hiện tại nên không có gì để khôi phục; "
    "chưa có phiên bản mới nào được tạo."
)


class NothingToRestore(WorkflowError):
    """A restore of a version whose content the article already has (as its
    form shows it): it would only make an empty revision, or an empty change
    for an approver to review."""


def content_of(version, *, topics=True) -> tuple:
    """What a restore brings back of `version` (a revision, or an article as
    its form shows it), comparable: its content fields, the lead image by
    file name, and (with `topics`) its topic ids, sorted."""
    values = [getattr(version, name) for name in CONTENT_FIELDS]
    values = [getattr(value, "name", value) or "" for value in values]  # a FieldFile: its name
    if not topics:
        return tuple(values)
    ids = topic_ids_of(version) if isinstance(version, Article) else version.topic_ids
    return (*values, sorted(ids or []))


def restores_anything(current: Article, revision) -> bool:
    """Whether restoring `revision` changes the content of `current` (the
    article as its form shows it, a pending proposal laid over: with_pending_text).
    A revision that recorded no topics leaves the topics as they are."""
    topics = revision.topic_ids is not None
    return content_of(current, topics=topics) != content_of(revision, topics=topics)


def pending_revision(article):
    """The revision waiting for an approver, or None."""
    if not article.has_pending_revision:
        return None
    return article.history.filter(review=Review.PENDING).first()


def needs_review(*, article: Article, by) -> bool:
    """Whether an edit of `article` by `by` waits for an approver: the article
    is published (or scheduled) and `by` may not publish."""
    return article.status in REVIEWED_STATES and not may(by, Action.PUBLISH)


def with_pending_text(article):
    """`article` with its pending revision's content laid over it (not saved),
    topics and lead image included, so whoever opens the form continues from
    the latest proposal."""
    revision = pending_revision(article)
    if revision is not None:
        lay_over(article, revision, [*CONTENT_FIELDS, *PROPOSED_DATES])
    return article


def save_edit(
    *,
    article: Article,
    by,
    topics=None,
    now: datetime | None = None,
    expected_version: int | None = None,
):
    """Save `article` as edited by `by` (the admin form's save).

    `topics`: the topics the edit gives it (Topic objects or ids; None keeps
    the stored ones, or those a laid-over revision proposes). Goes live at
    once unless `needs_review()`, in which case the whole change, topics
    included, becomes the pending revision and the approvers are e-mailed.
    An approver's save of an article with a pending revision applies that
    revision (what the form showed). Returns True when the change waits for
    review. Raises StaleVersion when the article is no longer at
    `expected_version` (if given).
    """
    propose_topics(article, topics)
    prepare_lead_image(article=article)
    prepare_article(article=article)
    if article.pk and needs_review(article=article, by=by):
        _propose(article=article, by=by, now=now, expected_version=expected_version)
        return True
    with transaction.atomic():
        if article.pk:
            claim(article=article, expected_version=expected_version)
        article._history_user = by
        pending = pending_revision(article) if article.pk else None
        article.has_pending_revision = False
        if pending is not None:
            if (article.lead_image.name or "") == (pending.lead_image or ""):
                apply_pending_image(article=article, revision=pending)
            article._revision_action = (Action.APPROVE_CHANGE.value, "")
        _store(article)
        if pending is not None:
            _close(pending, Review.APPROVED)
            _record_change(article=article, action=Action.APPROVE_CHANGE, by=by, now=now)
    return False


def _store(article):
    """Save `article` live with its proposed topics: one revision."""
    try:
        store_article(article=article)
        set_topics(article)
    finally:
        article.__dict__.pop("_revision_action", None)


def _propose(*, article, by, now=None, expected_version=None):
    stored = Article.objects.get(pk=article.pk)
    # The status stays as approved; the content and the dates are proposed.
    article.status = stored.status
    with transaction.atomic():
        claim(article=article, expected_version=expected_version)
        article.history.filter(review=Review.PENDING).update(review=Review.SAVED)
        article._history_user = by
        article._history_date = now or timezone.now()
        article._revision_review = Review.PENDING
        ARTICLE_HISTORY.create_historical_record(article, "~")
        Article.objects.filter(pk=article.pk).update(has_pending_revision=True)
    del article._revision_review
    article.__dict__.pop("_revision_topic_ids", None)
    notifications.submitted(article=stored, by=by, change=True)


def _record_change(*, article, action, by, remark="", now=None):
    # A change to a published article leaves its status as it was.
    return Transition.objects.record(
        article=article, action=action, by=by, from_status=article.status, remark=remark, at=now
    )


def _close(revision, review, remark=""):
    revision.review = review
    fields = ["review"]
    if remark:
        revision.remark, fields = remark, [*fields, "remark"]
    revision.save(update_fields=fields)


def approve_revision(
    *, article: Article, by, now: datetime | None = None, expected_version: int | None = None
):
    """Apply the pending revision to the published article (duyệt thay đổi).

    Approvers only. Returns the Transition; raises WorkflowError (StaleVersion
    when the article is no longer at `expected_version`, the version the
    approver read), or LookupError when nothing is pending.
    """
    check(user=by, action=Action.APPROVE_CHANGE, status=article.status)
    revision = pending_revision(article)
    if revision is None:
        raise LookupError("no pending revision")
    with transaction.atomic():
        claim(article=article, expected_version=expected_version)
        lay_over(article, revision, [*CONTENT_FIELDS, *PROPOSED_DATES])
        apply_pending_image(article=article, revision=revision)
        article.has_pending_revision = False
        article._history_user = by
        article._revision_action = (Action.APPROVE_CHANGE.value, "")
        _store(article)
        _close(revision, Review.APPROVED)
        return _record_change(article=article, action=Action.APPROVE_CHANGE, by=by, now=now)


def return_revision(
    *,
    article: Article,
    by,
    remark: str,
    now: datetime | None = None,
    expected_version: int | None = None,
):
    """Send the pending revision back to its author with a remark; the public
    text does not change. Approvers only; e-mails the author. Raises
    StaleVersion when the article is no longer at `expected_version`."""
    check(user=by, action=Action.RETURN_CHANGE, status=article.status, remark=remark)
    revision = pending_revision(article)
    if revision is None:
        raise LookupError("no pending revision")
    with transaction.atomic():
        claim(article=article, expected_version=expected_version)
        _close(revision, Review.RETURNED, remark.strip())
        Article.objects.filter(pk=article.pk).update(has_pending_revision=False)
        article.has_pending_revision = False
        record = _record_change(
            article=article, action=Action.RETURN_CHANGE, by=by, remark=remark, now=now
        )
    notifications.returned(
        article=article, to=revision.history_user, by=by, remark=remark, change=True
    )
    return record


def restore_revision(
    *,
    article: Article,
    revision,
    by,
    now: datetime | None = None,
    expected_version: int | None = None,
):
    """Make `revision`'s content the article's again, as a new revision.

    The whole version comes back: its text, category, topics, lead image
    and caption. It goes through review like any edit (`save_edit`): pending
    when an editor restores a published article, live otherwise. Returns True
    when pending; raises StaleVersion when the article is no longer at
    `expected_version`, and NothingToRestore when `revision`'s content is
    what the article (its pending proposal included) already holds.
    """
    current = with_pending_text(Article.objects.get(pk=article.pk))
    if not restores_anything(current, revision):
        raise NothingToRestore(NOTHING_TO_RESTORE)
    lay_over(article, revision, CONTENT_FIELDS)
    if not needs_review(article=article, by=by):
        apply_pending_image(article=article, revision=revision)
    article._revision_action = (RESTORE, f"Khôi phục phiên bản {revision.history_id}")
    try:
        return save_edit(article=article, by=by, now=now, expected_version=expected_version)
    finally:
        article.__dict__.pop("_revision_action", None)
