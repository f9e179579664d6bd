"""Per-article summaries: count, average, histogram, and the link to the
reset page (reset.py)."""

from functools import partial

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from articles.admin.search import checked_one_by_one
from core.admin_lists import LargeListAdmin

from ..formatting import format_average
from ..models import RatingSummary, Vote
from .common import RatedArticleSearch, ReadOnlyAdmin
from .reset import can_reset, reset_view


class HeldFilter(admin.SimpleListFilter):
    title = "lượt chờ kiểm duyệt"
    parameter_name = "cho_kiem_duyet"

    def lookups(self, request, model_admin):
        return [("1", "Có lượt chờ kiểm duyệt")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(held__gt=0)
        return queryset


@admin.register(RatingSummary)
class RatingSummaryAdmin(LargeListAdmin, RatedArticleSearch, ReadOnlyAdmin):
    list_display = [
        "article_title",
        "count",
        "average",
        "histogram_text",
        "held_link",
        "updated_at",
    ]
    list_filter = [HeldFilter]
    list_select_related = ["article"]
    ordering = ["-count"]
    readonly_fields = ["average", "histogram_chart", "votes_link", "held_link"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article",
                    "count",
                    "average",
                    "histogram_chart",
                    "votes_link",
                    "held_link",
                ]
            },
        ),
        (
            "Số liệu lưu trữ",
            {
                "fields": ["total", "count_1", "count_2", "count_3", "count_4", "count_5"],
                "classes": ["collapse"],
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]
    change_form_template = "ratings/admin/summary_change_form.html"

    def has_delete_permission(self, request, obj=None):
        return False

    def rows_of_many_matches(self, queryset, matches):
        # The list is every rated article sorted by its count, so each row is
        # read anyway: checking its article by key reads no more of the archive.
        return checked_one_by_one(queryset, matches, "article")

    @admin.display(description="Điểm trung bình", ordering="total")
    def average(self, obj):
        return format_average(obj.average) or "—"

    @admin.display(description="Phân bố")
    def histogram_text(self, obj):
        return " · ".join(f"{n}★ {c}" for n, c, _ in obj.histogram_rows())

    @admin.display(description="Biểu đồ")
    def histogram_chart(self, obj):
        rows = format_html_join(
            "",
            '<tr><th scope="row">{} sao</th><td><meter min="0" max="{}" value="{}">{}%</meter>'
            "</td><td>{} lượt ({}%)</td></tr>",
            ((n, max(obj.count, 1), c, p, c, p) for n, c, p in obj.histogram_rows()),
        )
        return format_html('<table class="rating-histogram">{}</table>', rows)

    @admin.display(description="Các lượt đánh giá")
    def votes_link(self, obj):
        url = reverse("admin:ratings_vote_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">Xem {} lượt đánh giá</a>', url, obj.count)

    @admin.display(description="Chờ kiểm duyệt", ordering="held")
    def held_link(self, obj):
        """The votes of this article waiting for a moderator."""
        if not obj.held:
            return "0"
        url = (
            reverse("admin:ratings_vote_changelist")
            + "?"
            + urlencode({"article__id__exact": obj.pk, "state__exact": Vote.State.HELD})
        )
        return format_html('<a href="{}">{} lượt</a>', url, obj.held)

    def get_urls(self):
        reset = path(
            "<path:object_id>/dat-lai/",
            self.admin_site.admin_view(partial(reset_view, self)),
            name="ratings_ratingsummary_reset",
        )
        return [reset, *super().get_urls()]

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_reset"] = can_reset(request)
        return super().render_change_form(request, context, *args, **kwargs)
