"""Admin look-ups that read what staff type as the public search does:
accent- and case-blind ("hoat dong" finds "Hoạt động"), document numbers
included, on indexes that stay fast on a decades-long archive."""

from ..models import Article


class ArticleSearch:
    """A ModelAdmin mixin: the search box finds rows by their article's title,
    sapo and body through the full-text index, or by the article's exact
    slug (`Article.objects.search_or_slug`). `article_path` names the
    article from the admin's model ("" for Article itself, "article" for a
    vote)."""

    article_path = ""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # One subquery of articles, so a vote list reads the votes of the
        # few articles found through the article indexes, not every vote.
        found = Article.objects.search_or_slug(term)
        field = f"{self.article_path}_id" if self.article_path else "pk"
        return queryset.filter(**{f"{field}__in": found.values("pk")}), False


class FoldedNameSearch:
    """A ModelAdmin mixin for the newsroom's vocabulary (categories, topics;
    autocomplete included): the name matches when it holds the typed text,
    both folded, through the folded-name index (`NamedQuerySet.named_like`)."""

    def get_search_results(self, request, queryset, search_term):
        return queryset.named_like(search_term), False
