"""CSV export of the vote list as filtered (VoteAdmin's "Xuất CSV" link):
streamed, UTF-8 with a BOM for spreadsheets, and formula-safe.

No server-side cursor: behind PgBouncer in transaction mode (docs/operations.md)
a cursor declared by `.iterator()` is gone when the next fetch reaches another
server connection. The export reads the ids of the list in its order (the
changelist's order always ends in the primary key, so it is total), then the
votes in chunks of those ids, one short query each. In the list's own order,
newest first, the ids come a chunk at a time too, each chunk after the last
one's vote (keyset, down `rating_vote_created_idx`), so that neither the
first lines nor the memory wait for every id of millions; in any other order
they are read at once."""

import csv

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone

CSV_HEADER = [
    "Mã",
    "Mã bài viết",
    "Bài viết",
    "Số sao",
    "Thời gian",
    "Trạng thái",
    "Mạng (mã băm rút gọn)",
    "Bất thường",
    "Đợt bất thường",
    "Người kiểm duyệt",
    "Kiểm duyệt lúc",
]
CHUNK_SIZE = 2000
NEWEST_FIRST = ("-created_at", "-pk")  # the vote list's order (Vote.Meta.ordering)
# What a line reads: not the article's body, nor the moderator's other columns.
EXPORTED = (
    "article_id",
    "article__title",
    "score",
    "created_at",
    "state",
    "network_hash",
    "burst_id",
    "moderated_by__username",
    "moderated_at",
)


def export_csv(model_admin, request):
    """The votes of the current list (filters, search, order) as CSV."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    votes = model_admin.get_changelist_instance(request).get_queryset(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        csv_rows(votes),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="danh-gia-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S") if value else ""


def id_chunks(votes, size=CHUNK_SIZE):
    """The ids of the queryset `votes`, in its order, in lists of `size`."""
    # The changelist may name a field twice ("-pk" from the model and the list).
    if tuple(dict.fromkeys(votes.query.order_by)) != NEWEST_FIRST:
        ids = list(votes.values_list("pk", flat=True))
        yield from (ids[start : start + size] for start in range(0, len(ids), size))
        return
    after = Q()
    while page := list(votes.filter(after).values_list("pk", "created_at")[:size]):
        yield [pk for pk, _ in page]
        pk, at = page[-1]
        # created_at <= at alone is what the index reads; the rest, which of those.
        after = Q(created_at__lte=at) & (Q(created_at__lt=at) | Q(pk__lt=pk))


def in_chunks(votes, size=CHUNK_SIZE):
    """The votes of the queryset `votes`, in its order, with their article and
    moderator, read `size` at a time by id: no query stays open between chunks,
    so each may run on another server connection."""
    rows = votes.model.objects.select_related("article", "moderated_by").only(*EXPORTED)
    for chunk in id_chunks(votes, size):
        found = rows.in_bulk(chunk)
        # A vote deleted since the ids were read is left out.
        yield from (found[pk] for pk in chunk if pk in found)


def csv_rows(votes):
    """The header, then one line per vote of the queryset `votes`, as text."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # BOM: spreadsheets read UTF-8
    # The state's label, translated once (get_state_display() per line was a
    # third of the export's time).
    states = {value: _cell(label) for value, label in votes.model.State.choices}
    for vote in in_chunks(votes):
        yield writer.writerow(
            [
                _cell(vote.pk),
                _cell(vote.article_id),
                _cell(vote.article.title),
                _cell(vote.score),
                _when(vote.created_at),
                states.get(vote.state, _cell(vote.state)),
                _cell(vote.network_hash[:8]),
                "có" if vote.burst_id else "không",
                _cell(vote.burst_id or ""),
                _cell(vote.moderated_by.get_username() if vote.moderated_by else ""),
                _when(vote.moderated_at),
            ]
        )
