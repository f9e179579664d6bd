"""The time a publish gives an article, and how the change form announces it.

The publication time is the one its editor or approver typed: a past time is
kept as typed (an archive republished, an event of yesterday), a future one
schedules the article (hẹn giờ xuất bản); with none typed, the article is
published now. A republication keeps the time of the first publication, which
is the article's stored time, unless the approver types another.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format


def publication_time(*, typed: datetime | None, now: datetime) -> datetime:
    """The publication time a publish at `now` gives an article whose time is
    `typed` (None when the field was left empty)."""
    return typed if typed is not None else now


def publication_hint(*, typed: datetime | None, now: datetime | None = None) -> str:
    """What publishing will do with `typed` (the stored time, or None), in
    Vietnamese, for the change form: kept, scheduled, or now."""
    now = now or timezone.now()
    if typed is None:
        return "Chưa nhập thời gian: bài sẽ được xuất bản ngay khi được duyệt."
    shown = date_format(timezone.localtime(typed), "d/m/Y H:i")
    if typed > now:
        return f"Bài sẽ được hẹn giờ xuất bản lúc {shown}."
    return f"Bài sẽ được xuất bản với thời gian đã nhập ({shown})."
