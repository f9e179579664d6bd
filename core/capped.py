"""Lists that count at most a cap of rows: past it they say "hơn N" instead
of counting a table of millions on every page. The public search and the
admin's large lists page with it."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` + 1 rows (one COUNT over a
    LIMIT): `count` is capped at `cap` and `more` says whether there are
    more. Pages past the cap do not exist (InvalidPage)."""

    cap = 1000

    @cached_property
    def more(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def _counted(self) -> int:
        # Rows the list says count the same and cost less (`counted_by`, a
        # search's candidates), else any cap + 1 rows: no order to sort by,
        # and no column but the key (an annotation would be computed for each).
        rows = getattr(self.object_list, "counted_by", None)
        if rows is None:
            rows = self.object_list.order_by().values("pk")  # type: ignore[attr-defined]
        return rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)
