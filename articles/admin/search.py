"""Admin look-ups that read what staff type as the public search does:
accent- and case-blind ("hoat dong" finds "Hoạt động"), document numbers
included, on indexes that stay fast on a decades-long archive."""

from django.contrib.admin.views.main import SEARCH_VAR

from ..models import Article

# The article list's search keeps this many matches, the last changed: a
# common word matches most of the archive, and the list shows "Hơn 1.000".
SEARCH_CANDIDATES = 1000


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
    """

    article_path = ""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if not self.article_path:
            found = queryset.search_or_slug(term).order_by("-updated_at", "-pk").values("pk")
            return queryset.filter(pk__in=found[: SEARCH_CANDIDATES + 1]), False
        # One list of article ids, a UNION of the matches and the slug's
        # article, that each row's article id is tested against: an OR of
        # the two made PostgreSQL scan the matches again for every row
        # (minutes for a common word at hundreds of thousands of articles).
        found = Article.objects.search(term).order_by().values("pk")
        by_slug = Article.objects.filter(slug=term).order_by().values("pk")
        prefix = f"{self.article_path}__"
        return queryset.filter(**{f"{prefix}pk__in": found.union(by_slug)}), False

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
