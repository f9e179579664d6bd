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
    both folded, through the folded-name index (`NamedQuerySet.named_like`)."""

    def get_search_results(self, request, queryset, search_term):
        return queryset.named_like(search_term), False
