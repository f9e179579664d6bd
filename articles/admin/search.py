"""Admin look-ups that read what staff type as the public search does:
accent- and case-blind ("hoat dong" finds "Hoạt động"), document numbers
included, on indexes that stay fast on a decades-long archive."""

from ..models import Article
from ..text import fold


class ArticleSearch:
    """A ModelAdmin mixin: the search box finds rows by their article's title,
    sapo and body through the full-text index (`Article.objects.search`, a
    GIN index), or by the article's exact slug. `article_path` names the
    article from the admin's model ("" for Article itself, "article" for a
    vote)."""

    article_path = ""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # One list of article ids, a UNION of the matches and the slug's
        # article, that each row's article id is tested against: an OR of
        # the two made PostgreSQL scan the matches again for every row
        # (minutes for a common word at hundreds of thousands of articles).
        found = Article.objects.search(term).order_by().values("pk")
        by_slug = Article.objects.filter(slug=term).order_by().values("pk")
        prefix = f"{self.article_path}__" if self.article_path else ""
        return queryset.filter(**{f"{prefix}pk__in": found.union(by_slug)}), False


class FoldedNameSearch:
    """A ModelAdmin mixin for the newsroom's vocabulary (categories, topics;
    autocomplete included): the name matches when it holds the typed text,
    both folded. The tables are small (a vocabulary, not an archive), so the
    names are compared in Python, the same `fold` on both sides on every
    database."""

    def get_search_results(self, request, queryset, search_term):
        wanted = fold(" ".join(search_term.split()))
        if not wanted:
            return queryset, False
        names = queryset.values_list("pk", "name")
        return queryset.filter(pk__in=[pk for pk, name in names if wanted in fold(name)]), False
