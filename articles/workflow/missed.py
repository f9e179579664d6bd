"""What a user working from an older version of an article missed: the
comparison (diff.compare_revisions) of the version they opened with what the
article's form shows now, for the refusal of a stale save."""

from ..models import Article
from .diff import compare_revisions
from .revisions import with_pending_text


def opened_revision(*, article: Article, version: int):
    """The revision the form of `version` showed: the newest one stored at that
    version or before (a review that stores no revision still counts a
    version). None when there is none (versions older than the history)."""
    return (
        article.history.filter(version__lte=version)
        .order_by("-version", "-history_date", "-history_id")
        .first()
    )


def changes_since(*, article: Article, version: int):
    """Rows (label, left_html, right_html) of each field that differs between
    the version `version` of `article` and what its form shows now (a pending
    proposal included); [] when that version is not in the history."""
    opened = opened_revision(article=article, version=version)
    if opened is None:
        return []
    now = with_pending_text(Article.objects.get(pk=article.pk))
    return [
        (label, left, right)
        for label, changed, left, right in compare_revisions(opened, now)
        if changed
    ]
