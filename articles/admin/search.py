"""Admin look-ups that read what staff type as the public search does:
accent- and case-blind ("hoat dong" finds "Hoạt động"), document numbers
included, on indexes that stay fast on a decades-long archive."""

from django.contrib.admin.views.main import SEARCH_VAR
from django.db.models import Exists, OuterRef, Subquery

from ..models import Article

# The article list's search keeps this many matches, the last changed: a
# common word matches most of the archive, and the list shows "Hơn 1.000".
SEARCH_CANDIDATES = 1000
# A list of rows that belong to articles (votes) takes up to this many
# matching articles as a list of ids; past it (a common word), each row's
# article is checked as the rows are read, newest first, which finds a page's
# rows among the first ones instead of listing every match first.
MATCHED_ARTICLES = 1000


def checked_one_by_one(queryset, matches, path: str):
    """The rows of `queryset` whose article (the field `path` names) is among
    `matches`, each row's article checked by its key: a subquery per row,
    which PostgreSQL cannot turn into a join that walks the archive's
    matches. Costs a key look-up per row read: for tables of a few thousand
    rows (the rated articles), not of millions."""
    match = Subquery(matches.filter(pk=OuterRef(path)).order_by().values("pk")[:1])
    return queryset.annotate(match=match).filter(match__isnull=False)


class ArticleSearch:
    """A ModelAdmin mixin: the search box finds rows by their article's title,
    sapo and body through the full-text index, or by the article's exact
    slug (`Article.objects.search_or_slug`). `article_path` names the
    article from the admin's model ("" for Article itself, "article" for a
    vote).

    The article list itself (`article_path` ""): the SEARCH_CANDIDATES last
    changed matches of its filtered rows, read down the last-change index
    until that many are found (or through the text index, for a rarer
    word), so that neither the page nor its capped count reads every match.

    A list of rows that belong to articles (votes): the rows of the matching
    articles, taken as a list of ids when there are up to MATCHED_ARTICLES of
    them (in the archive, or among `articles_with_rows()`), else checked row
    by row (`rows_of_many_matches`).
    """

    article_path = ""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if not self.article_path:
            found = queryset.search_or_slug(term).order_by("-updated_at", "-pk").values("pk")
            return queryset.filter(pk__in=found[: SEARCH_CANDIDATES + 1]), False
        matches = Article.objects.search_or_slug(term)
        ids = list(matches.order_by().values_list("pk", flat=True)[: MATCHED_ARTICLES + 1])
        owners = self.articles_with_rows()
        if len(ids) > MATCHED_ARTICLES and owners is not None:
            # A word common in the archive may still be rare among the rows'
            # articles: each of those is checked, until enough match.
            owned = checked_one_by_one(owners, matches, "article").order_by()
            ids = list(owned.values_list("article", flat=True)[: MATCHED_ARTICLES + 1])
        if len(ids) <= MATCHED_ARTICLES:
            return queryset.filter(**{f"{self.article_path}__pk__in": ids}), False
        return self.rows_of_many_matches(queryset, matches), False

    def rows_of_many_matches(self, queryset, matches):
        """The rows of `queryset` whose article is among `matches`, when
        these are many: a semi-join that checks each row's article by its
        key as the list reads its rows in order, which stops at a page."""
        return queryset.filter(Exists(matches.filter(pk=OuterRef(self.article_path))))

    def articles_with_rows(self):
        """A queryset with an `article` field, one row per article that the
        list's rows can belong to, when they are few beside the archive (the
        rated articles of the vote list); None for any article."""
        return None

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """The list's paginator; searching articles, capped at the
        candidates, so that it says "Hơn 1.000" rather than 1.001."""
        paginator = super().get_paginator(  # type: ignore[misc]
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if not self.article_path and request.GET.get(SEARCH_VAR, "").strip():
            paginator.cap = SEARCH_CANDIDATES
        return paginator


class FoldedNameSearch:
    """A ModelAdmin mixin for the newsroom's vocabulary (categories, topics;
    autocomplete included): the name matches when it holds the typed text,
    both folded, through the folded-name index (`NamedQuerySet.named_like`)."""

    def get_search_results(self, request, queryset, search_term):
        return queryset.named_like(search_term), False
