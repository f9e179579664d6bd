"""Visibility and search rules for articles: the one place that decides what
the public may see."""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection, models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from .text import search_terms, words
from .text.codes import split_query
from .visibility import PUBLIC, SCHEDULED

SEARCH_CONFIG = "vietnamese"


class ArticleQuerySet(models.QuerySet):
    # Rows whose count is this queryset's count and cheaper to count than it,
    # or None: a ranked search sets its candidates (`search`), which the
    # capped paginators count (core/capped.py). Not carried to a queryset
    # made from this one, whose count may differ.
    counted_by = None

    def published(self, now=None):
        """Articles the public may see: published, and their time has come
        (by `now`, an aware datetime; default: the clock).

        A scheduled article (published_at in the future) appears by itself when
        its time comes; no job has to flip it. The rule is `visibility.PUBLIC`,
        which `Article.is_public` asks too.
        """
        return self.filter(PUBLIC.q(now))

    def scheduled(self):
        """Approved articles waiting for their time (hẹn giờ xuất bản): they
        become published() by themselves when `published_at` comes. The rule is
        `visibility.SCHEDULED`, which `Article.is_scheduled` asks too."""
        return self.filter(SCHEDULED.q())

    def awaiting_review(self):
        """The approvers' queue: submitted articles and published articles
        with a pending revision, newest first."""
        return self.filter(
            Q(status=self.model.Status.SUBMITTED) | Q(has_pending_revision=True)
        ).order_by("-updated_at", "-pk")

    def for_listing(self):
        return self.select_related("category").defer("body")

    def latest_per_category(self, categories, per_category):
        """Up to `per_category` newest articles of each category, in one query,
        ordered by category then newest first.

        Where the database allows LIMIT inside UNION (PostgreSQL) this is one
        short index scan per category, whatever the number of articles; a
        window function over all rows took 0.5 s at 100,000 articles. Other
        databases (SQLite in development) get the window function.
        """
        categories = list(categories)
        if not categories:
            return []
        listing = self.for_listing()
        if connection.features.supports_slicing_ordering_in_compound:
            parts = [
                listing.filter(category=category).order_by("-published_at", "-pk")[:per_category]
                for category in categories
            ]
            rows = list(parts[0].union(*parts[1:], all=True))
        else:
            rows = list(
                listing.filter(category__in=categories)
                .annotate(
                    position=Window(
                        RowNumber(),
                        partition_by=F("category_id"),
                        order_by=[F("published_at").desc(), F("pk").desc()],
                    )
                )
                .filter(position__lte=per_category)
            )
        rank = {category.pk: index for index, category in enumerate(categories)}
        rows.sort(key=lambda a: (-a.published_at.timestamp(), -a.pk))
        rows.sort(key=lambda a: rank[a.category_id])
        return rows

    def search(self, query, *, newest=False, candidates=None):
        """Accent- and case-insensitive search over title, summary and body,
        best matches (title first) ahead, or the newest first (`newest`).

        Document numbers and codes in `query` ("15/2020/NĐ-CP", "15/2020",
        "COVID-19") match the codes taken out of the article at write time
        (`search_codes`); the rest is read as a web search box reads it:
        "quoted words" as a phrase, `-word` to leave out, `or` between words.
        On PostgreSQL this reads the indexed `search_vector` column built with
        the `vietnamese` text-search configuration (simple + unaccent) and the
        codes as exact lexemes; see the migrations that create it. Elsewhere
        the same match (phrases as plain words) is done in Python, which is
        fine for a development database.

        Args:
            candidates: rank only this many matches, the newest ones, and
                any published at the same moment as the last of them (None:
                every match). A common word matches most of the archive, and
                ranking reads each match's whole vector: the newest matches
                come from the publication index, then only they are ranked.
                Apply filters before searching, so the candidates are filtered.
        """
        codes, rest = split_query(query)
        terms = search_terms(rest)
        if not codes and not terms:
            return self.none()
        if connection.vendor == "postgresql":
            vector, tsquery = SearchVectorColumn(), _tsquery(codes, rest, terms)
            # alias(), not annotate(): the vector is matched and ranked in the
            # database but never selected, so no result row carries it.
            found = self.alias(search_vector=vector).filter(search_vector=tsquery)
            if newest:
                return found.order_by("-published_at", "-pk")
            newest_matches = None
            if candidates is not None:
                newest = found.order_by("-published_at", "-pk")
                newest_matches = newest.values("pk")[:candidates]
                # The candidates are the matches published since the last of
                # them (with any published at that same moment): one walk
                # down the publication index ranks them, where a list of
                # their ids had each read again by its key. The moment is read
                # first (one query) so that the planner sees it: as a subquery
                # it was a range of unknown length, which for a rare word it
                # read whole beside the text-search index.
                last = newest.values_list("published_at", flat=True)[candidates - 1 :].first()
                if last is not None:
                    found = found.filter(published_at__gte=last)
            ranked = found.alias(rank=SearchRank(vector, tsquery))
            ranked = ranked.order_by("-rank", "-published_at", "-pk")
            # The candidates are counted as they are read, down the
            # publication index, not as the ranked rows.
            ranked.counted_by = newest_matches
            return ranked
        return self._search_in_python(codes, terms, newest=newest)

    def search_or_slug(self, query):
        """The articles `search(query)` finds, or whose slug is `query`
        exactly: what the desk's search boxes look for. Unordered, in one
        query on PostgreSQL (both indexes, no ranking), to be used as a
        subquery by the lists of rows that belong to articles.
        """
        by_slug = Q(slug=query.strip())
        codes, rest = split_query(query)
        terms = search_terms(rest)
        if not codes and not terms:
            return self.filter(by_slug)
        if connection.vendor == "postgresql":
            found = Q(search_vector=_tsquery(codes, rest, terms))
            return self.alias(search_vector=SearchVectorColumn()).filter(found | by_slug)
        found = self._search_in_python(codes, terms, newest=True).values("pk")
        return self.filter(Q(pk__in=found) | by_slug)

    def _search_in_python(self, codes, terms, *, newest):
        wanted, wanted_codes = set(terms), set(codes)
        ranked = []
        rows = self.values_list("pk", "title", "summary", "body", "search_codes")
        for pk, title, summary, body, stored_codes in rows:
            in_title = wanted & words(title)
            if wanted <= in_title | words(summary) | words(body) and wanted_codes <= set(
                stored_codes.split()
            ):
                ranked.append((len(in_title), pk))
        if not ranked:
            return self.none()
        if newest:
            return self.filter(pk__in=[pk for _, pk in ranked]).order_by("-published_at", "-pk")
        order = {pk: index for index, (_, pk) in enumerate(sorted(ranked, key=lambda r: -r[0]))}
        cases = models.Case(
            *(models.When(pk=pk, then=index) for pk, index in order.items()),
            output_field=models.IntegerField(),
        )
        return self.filter(pk__in=order).annotate(rank=cases).order_by("rank", "-published_at")


def _tsquery(codes, rest, terms):
    """The tsquery of a search: the codes as exact lexemes, the rest of the
    query's words as a web search box reads them, both required."""
    parts: list[SearchQuery] = [LexemeQuery(codes)] if codes else []
    if terms:
        parts.append(SearchQuery(rest, config=SEARCH_CONFIG, search_type="websearch"))
    return parts[0] if len(parts) == 1 else parts[0] & parts[1]


class SearchVectorColumn(models.Expression):
    """The article table's `search_vector` column. It is made by a
    PostgreSQL-only migration, so the model has no field for it; the column
    is named through the alias the query gives the table, so a search used
    as a subquery (the admin's look-ups) reads its own rows, and its index,
    rather than the outer query's."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


class LexemeQuery(SearchQuery):
    """A tsquery of exact lexemes, all required ('a' & 'b'), cast without the
    parser: a code such as "15/2020/nd-cp" must stay one lexeme. The lexemes
    come from `text.codes.split_query` (ASCII letters, digits, "/" and "-"),
    so none holds a quote."""

    def __init__(self, lexemes):
        self.lexemes = " & ".join(f"'{lexeme}'" for lexeme in lexemes)
        super().__init__(self.lexemes)

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):  # type: ignore[override]
        return "%s::tsquery", [self.lexemes]
