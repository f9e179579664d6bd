"""The revision list as staff read it: one row per save, saying what the save
changed (the fields it touched), who made it, the workflow action saved with
it and its remark; and the pair of versions the comparison opens on (the two
newest whose content differs, not two that differ only in status)."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst

from ..models import Article
from .revisions import CONTENT_FIELDS, RESTORE, REVISION_FIELDS
from .rules import Action

# What a revision's action is called in the list.
ACTION_LABELS = {**{action.value: action.label for action in Action}, RESTORE: "khôi phục"}
TOPICS_LABEL = capfirst(Article._meta.get_field("topics").verbose_name)


@dataclass
class RevisionRow:
    """One revision and what it changed from the one before it."""

    revision: Any  # a history row (HistoricalArticle)
    touched: list = field(default_factory=list)  # labels of the fields it changed
    created: bool = False  # the article's first revision

    @property
    def action(self) -> str:
        """The workflow action saved with it, "" for a plain save."""
        return str(ACTION_LABELS.get(self.revision.action, self.revision.action))


def _touched(older, newer) -> list:
    labels = [
        capfirst(f.verbose_name)
        for f in REVISION_FIELDS
        if getattr(older, f.attname) != getattr(newer, f.attname)
    ]
    if (older.topic_ids or []) != (newer.topic_ids or []) and newer.topic_ids is not None:
        labels.append(TOPICS_LABEL)
    return labels


def revision_rows(article: Article) -> list[RevisionRow]:
    """The revisions of `article`, newest first, each with the fields it
    changed. One query (the revisions and their authors)."""
    history = list(
        article.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    rows = []
    for newer, older in zip(history, [*history[1:], None], strict=True):
        if older is None:
            rows.append(RevisionRow(newer, created=True))
        else:
            rows.append(RevisionRow(newer, _touched(older, newer)))
    return rows


def _content(revision):
    return (
        [getattr(revision, name) for name in CONTENT_FIELDS],
        sorted(revision.topic_ids or []),
        revision.lead_image,
    )


def default_pair(rows: list[RevisionRow]) -> tuple[int | None, int | None]:
    """(older id, newer id) the comparison preselects: the newest revision and
    the newest one before it whose content differs; (None, None) for none,
    and the newest alone when no earlier content differs."""
    if not rows:
        return None, None
    newest = rows[0].revision
    for row in rows[1:]:
        if _content(row.revision) != _content(newest):
            return row.revision.history_id, newest.history_id
    return None, newest.history_id
