"""What the ratings admins share: read-only rows, the search by article and
the network link."""

from typing import ClassVar

from django.contrib import admin
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator

from articles.admin.search import ArticleSearch

from ..models import RatingSummary


class RatedArticleSearch(ArticleSearch):
    """ArticleSearch for rows of rated articles (votes, bursts, summaries):
    every article with a vote has its summary row, so matches are looked
    for among the rated articles, not the whole archive."""

    article_path = "article"
    # Shows the box; ArticleSearch reads it.
    search_fields: ClassVar[list[str] | tuple[str, ...]] = ("article__title",)

    def articles_with_rows(self):
        return RatingSummary.objects.all()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows made by readers or by the system: nobody adds or edits them by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        excluded = set(self.exclude or ())
        fields = [f.name for f in self.model._meta.fields if f.name not in excluded]
        return fields + list(self.readonly_fields)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Bài viết", ordering="article__title")
    def article_title(self, obj):
        return Truncator(obj.article.title).chars(60)


def network_link(network_hash):
    """The short network hash, linking to every vote of that network."""
    if not network_hash:
        return "—"
    url = reverse("admin:ratings_vote_changelist") + "?" + urlencode({"network_hash": network_hash})
    return format_html(
        '<a href="{}" title="Mọi lượt đánh giá từ mạng này"><code>{}</code></a>',
        url,
        network_hash[:8],
    )


def warning(text, title=""):
    """A warning as the admin draws its own (the alert icon, then the text),
    not a green tick: "Bất thường" flags something to review."""
    return format_html(
        '<span title="{}"><img src="{}" alt="" width="14" height="14"> {}</span>',
        title,
        static("admin/img/icon-alert.svg"),
        text,
    )
