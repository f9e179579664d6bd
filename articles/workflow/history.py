"""The revision list as staff read it, for an article or an agency page: one
row per save, saying what the save changed (the fields it touched), who made
it, the workflow action saved with it and its remark; and the pair of
versions the comparison opens on (the two newest whose content differs, not
two that differ only in status)."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst

from ..models import Article
from .revisions import RESTORE, REVISION_FIELDS, content_of
from .rules import Action

# What a revision's action is called in the list.
ACTION_LABELS = {**{action.value: action.label for action in Action}, RESTORE: "khôi phục"}
TOPICS_LABEL = capfirst(Article._meta.get_field("topics").verbose_name)


@dataclass
class RevisionRow:
    """One revision and what it changed from the one before it."""

    revision: Any  # a history row (HistoricalArticle, HistoricalPage)
    touched: list = field(default_factory=list)  # labels of the fields it changed
    created: bool = False  # the revision that made the article or page

    @property
    def action(self) -> str:
        """The workflow action saved with it, "" for a plain save."""
        return str(ACTION_LABELS.get(self.revision.action, self.revision.action))

    @property
    def review(self) -> str:
        """What became of it when it was an editor's proposal (chờ duyệt, đã
        duyệt, trả lại); "" for a save that went live, which needs no word."""
        review = getattr(self.revision, "review", "")  # agency pages have none
        return str(self.revision.get_review_display()) if review else ""


def _touched(older, newer, fields) -> list:
    labels = [
        capfirst(f.verbose_name)
        for f in fields
        if getattr(older, f.attname) != getattr(newer, f.attname)
    ]
    # An article's revision also records its topics (whole.py).
    new_topics = getattr(newer, "topic_ids", None)
    if new_topics is not None and (older.topic_ids or []) != new_topics:
        labels.append(TOPICS_LABEL)
    return labels


def revision_rows(instance, fields=REVISION_FIELDS) -> list[RevisionRow]:
    """The revisions of `instance` (an article; or an agency page, with its
    `fields`: the history model's fields a change is named by), newest first,
    each with the fields it changed. One query (the revisions and authors)."""
    history = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    rows = []
    for newer, older in zip(history, [*history[1:], None], strict=True):
        if older is None:
            rows.append(RevisionRow(newer, created=newer.history_type == "+"))
        else:
            rows.append(RevisionRow(newer, _touched(older, newer, fields)))
    return rows


def default_pair(rows: list[RevisionRow]) -> tuple[int | None, int | None]:
    """(older id, newer id) the comparison preselects: the newest revision and
    the newest one before it whose content differs; (None, None) for none,
    and the newest alone when no earlier content differs."""
    if not rows:
        return None, None
    newest = rows[0].revision
    for row in rows[1:]:
        if content_of(row.revision) != content_of(newest):
            return row.revision.history_id, newest.history_id
    return None, newest.history_id
