"""The vote list: filters, the flag, hide / show again / delete, and hiding
the bursts of the selected votes. The CSV export is in export.py."""

from functools import partial

from django.contrib import admin, messages
from django.urls import path
from django.utils.html import format_html

from core.admin_lists import LargeListAdmin

from .. import services
from ..models import Vote, VoteBurst
from .article_filter import URL_NAME, ArticleFilter, VotedArticleSearch, article_box_media
from .common import RatedArticleSearch, ReadOnlyAdmin, network_link, warning
from .export import export_csv


class FlaggedFilter(admin.SimpleListFilter):
    title = "đợt đánh giá bất thường"
    parameter_name = "bat_thuong"

    def lookups(self, request, model_admin):
        return [("1", "Thuộc đợt bất thường"), ("0", "Bình thường")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.flagged()
        if self.value() == "0":
            return queryset.unflagged()
        return queryset


@admin.register(Vote)
class VoteAdmin(LargeListAdmin, RatedArticleSearch, ReadOnlyAdmin):
    list_display = ["created_at", "article_title", "score_stars", "state", "network", "flagged"]
    list_display_links = ["created_at"]
    list_filter = [
        ArticleFilter,
        "score",
        "state",
        "created_at",
        FlaggedFilter,
    ]
    list_select_related = ["article", "burst", "moderated_by"]
    date_hierarchy = "created_at"
    list_per_page = 100
    actions = [
        "accept_selected",
        "hide_selected",
        "unhide_selected",
        "hide_bursts_of_selected",
        "delete_selected",
    ]
    change_list_template = "ratings/admin/vote_change_list.html"
    exclude = ["ip_hash", "user_agent_hash", "voter_token", "network_hash"]
    readonly_fields = ["network"]

    def get_queryset(self, request):
        # A row names its article by title: a hundred bodies stay in the database.
        return super().get_queryset(request).defer("article__body", "article__search_codes")

    def lookup_allowed(self, lookup, value, request=None):
        # The short network hash links to all votes of that network.
        return lookup in ("network_hash", "burst__id__exact") or super().lookup_allowed(
            lookup, value, request
        )

    @admin.display(description="Số sao", ordering="score")
    def score_stars(self, obj):
        return format_html('<span title="{} trên 5 sao">{}</span>', obj.score, "★" * obj.score)

    @admin.display(description="Mạng (mã băm)")
    def network(self, obj):
        return network_link(obj.network_hash)

    @admin.display(description="Bất thường", ordering="burst")
    def flagged(self, obj):
        if not obj.is_flagged:
            return ""
        return warning("Bất thường", f"Thuộc đợt đánh giá bất thường #{obj.burst_id}")

    def get_actions(self, request):
        actions = super().get_actions(request)
        delete = actions.get("delete_selected")
        if delete:
            function, name, _ = delete
            actions["delete_selected"] = (function, name, "Xoá các đánh giá đã chọn")
        return actions

    @admin.action(description="Chấp nhận các lượt chờ kiểm duyệt đã chọn", permissions=["change"])
    def accept_selected(self, request, queryset):
        count = services.accept_votes(votes=queryset, actor=request.user)
        self.message_user(request, f"Đã chấp nhận {count} lượt đánh giá.", messages.SUCCESS)

    @admin.action(description="Ẩn các đánh giá đã chọn", permissions=["change"])
    def hide_selected(self, request, queryset):
        count = services.hide_votes(votes=queryset, actor=request.user)
        self.message_user(request, f"Đã ẩn {count} lượt đánh giá.", messages.SUCCESS)

    @admin.action(description="Hiện lại các đánh giá đã chọn", permissions=["change"])
    def unhide_selected(self, request, queryset):
        count = services.unhide_votes(votes=queryset, actor=request.user)
        self.message_user(request, f"Đã hiện lại {count} lượt đánh giá.", messages.SUCCESS)

    @admin.action(
        description="Ẩn cả đợt đánh giá bất thường của các lượt đã chọn", permissions=["change"]
    )
    def hide_bursts_of_selected(self, request, queryset):
        bursts = VoteBurst.objects.filter(pk__in=queryset.flagged().values("burst"))
        if not bursts.exists():
            self.message_user(
                request,
                "Các lượt đã chọn không thuộc đợt đánh giá bất thường nào.",
                messages.WARNING,
            )
            return
        count = services.hide_burst(bursts=bursts, actor=request.user)
        self.message_user(
            request, f"Đã ẩn {count} lượt đánh giá của đợt bất thường.", messages.SUCCESS
        )

    # Deletions go through services.delete_votes(), which records them.
    def log_deletions(self, request, queryset):
        pass

    def delete_model(self, request, obj):
        services.delete_votes(votes=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_votes(votes=queryset, actor=request.user)

    @property
    def media(self):
        return super().media + article_box_media(self.admin_site)

    def get_urls(self):
        export = path(
            "xuat-csv/",
            self.admin_site.admin_view(partial(export_csv, self)),
            name="ratings_vote_export",
        )
        articles = path(
            "bai-viet/",
            self.admin_site.admin_view(VotedArticleSearch.as_view(admin_site=self.admin_site)),
            name=URL_NAME,
        )
        return [export, articles, *super().get_urls()]
