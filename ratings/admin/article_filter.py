"""The vote list's filter by article: the admin's own autocomplete box
(select2, loaded from the admin's static files), searching the articles that
have votes as the article search box does, a page of twenty at a time. The
page itself names only the article chosen, never the thousands that have
votes."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Exists, OuterRef
from django.urls import reverse

from articles.models import Article

from ..models import Vote

URL_NAME = "ratings_vote_articles"


class ArticleBox(AutocompleteSelect):
    """The autocomplete widget, asking the vote list's own article search
    (`VotedArticleSearch`) rather than the article admin's, which moderators
    may not read."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:{URL_NAME}")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = "Nhập tên bài viết cần tìm"
        attrs["aria-label"] = "Lọc theo bài viết"
        return attrs


def article_box(admin_site):
    """A form field with the widget (optional, so the box can be cleared);
    its queryset renders the chosen article only (key and title, no body)."""
    widget = ArticleBox(Vote._meta.get_field("article"), admin_site)
    articles = Article.objects.only("pk", "title")
    return forms.ModelChoiceField(queryset=articles, widget=widget, required=False)


def article_box_media(admin_site):
    """What the box needs on the page: the admin's select2 and autocomplete
    scripts in the page's language, and the script that applies the choice."""
    script = forms.Media(js=["ratings/js/article-filter.js"])
    return article_box(admin_site).widget.media + script


class ArticleFilter(admin.SimpleListFilter):
    """The votes of one article, chosen by typing part of its title (marks
    and case optional) or its slug. The parameter is the one the dashboard's
    and the summaries' links use."""

    title = "bài viết"
    parameter_name = "article__id__exact"
    template = "ratings/admin/article_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        field = article_box(model_admin.admin_site)
        attrs = {"id": "vote-article-filter", "data-filter-parameter": self.parameter_name}
        self.box = field.widget.render(self.parameter_name, self.chosen(), attrs=attrs)

    def chosen(self):
        """The article's id from the address, or None when absent or not a number."""
        value = self.value()
        return int(value) if value and value.isdecimal() else None

    def has_output(self):
        return True

    def lookups(self, request, model_admin):
        return ()

    def queryset(self, request, queryset):
        if self.chosen() is None:
            return queryset
        return queryset.filter(article_id=self.chosen())


class VotedArticleSearch(AutocompleteJsonView):
    """The filter box's answers: articles that have votes, found by
    `Article.objects.search_or_slug` (indexed), the last changed first, for
    whoever may read the vote list."""

    admin_site: admin.AdminSite  # given to as_view()

    def has_perm(self, request, obj=None):
        return self.admin_site._registry[Vote].has_view_permission(request)

    def get_queryset(self):
        voted = Article.objects.filter(Exists(Vote.objects.filter(article=OuterRef("pk"))))
        if self.term.strip():
            voted = voted.filter(pk__in=Article.objects.search_or_slug(self.term).values("pk"))
        return voted.only("pk", "title").order_by("-updated_at", "-pk")
