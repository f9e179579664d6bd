"""Names found as staff type them: "hoat dong" finds "Hoạt động", "DAU TU"
finds "Đầu tư công", the way the public search folds text.

On PostgreSQL the name is folded by `vpcp_fold` (unaccent, then lower case,
declared IMMUTABLE so it can be indexed) and matched through a trigram GIN
index on that expression: see the migration that adds the name indexes.
Elsewhere (SQLite in development) the names are folded in Python with
`text.fold`, unindexed, which is fine for a development database.
"""

from django.db import connection, models

from .text import fold

# The PostgreSQL function the name indexes are built on; a query uses the
# index only when it calls this same function on the same column.
FOLD_FUNCTION = "vpcp_fold"


class Folded(models.Func):
    """`vpcp_fold(expression)`: the folded text, on PostgreSQL only."""

    function = FOLD_FUNCTION
    output_field = models.TextField()


class NamedQuerySet(models.QuerySet):
    """The queryset of a model with a `name` indexed folded (categories, topics)."""

    def named_like(self, text):
        """The rows whose name holds `text`, both folded; spaces in `text`
        are collapsed. Blank `text` leaves the queryset as it is.

        Arguments: text (str). Returns a queryset of the same model.
        """
        wanted = fold(" ".join(text.split()))
        if not wanted:
            return self
        if connection.vendor == "postgresql":
            return self.alias(folded_name=Folded("name")).filter(folded_name__contains=wanted)
        names = self.values_list("pk", "name")
        return self.filter(pk__in=[pk for pk, name in names if wanted in fold(name)])
