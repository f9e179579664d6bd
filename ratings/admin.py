"""Moderation of ratings in the admin, for the `Kiểm duyệt viên` group.

Every change goes through services.py, which updates the article's summary
at once and records the change in the admin log (LogEntry)."""

import csv

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator

from . import services
from .models import RatingSummary, Vote, VoteBurst, format_average


class FlaggedFilter(admin.SimpleListFilter):
    title = "đợt đánh giá bất thường"
    parameter_name = "bat_thuong"

    def lookups(self, request, model_admin):
        return [("1", "Thuộc đợt bất thường"), ("0", "Bình thường")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(burst__isnull=False)
        if self.value() == "0":
            return queryset.filter(burst__isnull=True)
        return queryset


class HiddenBurstFilter(admin.SimpleListFilter):
    title = "trạng thái"
    parameter_name = "da_an"

    def lookups(self, request, model_admin):
        return [("0", "Chưa ẩn"), ("1", "Đã ẩn")]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(hidden_at__isnull=self.value() == "0")
        return queryset


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


def _network_link(network_hash):
    if not network_hash:
        return "—"
    url = reverse("admin:ratings_vote_changelist") + "?" + urlencode({"network_hash": network_hash})
    return format_html(
        '<a href="{}" title="Mọi lượt đánh giá từ mạng này"><code>{}</code></a>',
        url,
        network_hash[:8],
    )


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "article_title",
        "score_stars",
        "state",
        "network",
        "flagged",
    ]
    list_display_links = ["created_at"]
    list_filter = [
        ("article", admin.RelatedOnlyFieldListFilter),
        "score",
        "state",
        "created_at",
        FlaggedFilter,
    ]
    list_select_related = ["article", "burst", "moderated_by"]
    search_fields = ["article__title"]
    date_hierarchy = "created_at"
    list_per_page = 100
    actions = ["hide_selected", "unhide_selected", "hide_bursts_of_selected", "delete_selected"]
    change_list_template = "ratings/admin/vote_change_list.html"
    exclude = ["ip_hash", "user_agent_hash", "voter_token", "network_hash"]
    readonly_fields = ["network"]

    def lookup_allowed(self, lookup, value, request=None):
        # The short network hash links to all votes of that network.
        return lookup in ("network_hash", "burst__id__exact") or super().lookup_allowed(
            lookup, value, request
        )

    @admin.display(description="Bài viết", ordering="article__title")
    def article_title(self, obj):
        return Truncator(obj.article.title).chars(60)

    @admin.display(description="Số sao", ordering="score")
    def score_stars(self, obj):
        return format_html('<span title="{} trên 5 sao">{}</span>', obj.score, "★" * obj.score)

    @admin.display(description="Mạng (mã băm)")
    def network(self, obj):
        return _network_link(obj.network_hash)

    @admin.display(description="Bất thường", boolean=True, ordering="burst")
    def flagged(self, obj):
        return obj.is_flagged

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _ = actions["delete_selected"]
            actions["delete_selected"] = (function, name, "Xoá các đánh giá đã chọn")
        return actions

    @admin.action(description="Ẩn các đánh giá đã chọn", permissions=["change"])
    def hide_selected(self, request, queryset):
        count = services.hide_votes(queryset, request.user)
        self.message_user(request, f"Đã ẩn {count} lượt đánh giá.", messages.SUCCESS)

    @admin.action(description="Hiện lại các đánh giá đã chọn", permissions=["change"])
    def unhide_selected(self, request, queryset):
        count = services.unhide_votes(queryset, request.user)
        self.message_user(request, f"Đã hiện lại {count} lượt đánh giá.", messages.SUCCESS)

    @admin.action(
        description="Ẩn cả đợt đánh giá bất thường của các lượt đã chọn", permissions=["change"]
    )
    def hide_bursts_of_selected(self, request, queryset):
        bursts = VoteBurst.objects.filter(
            pk__in=queryset.filter(burst__isnull=False).values("burst")
        )
        if not bursts.exists():
            self.message_user(
                request,
                "Các lượt đã chọn không thuộc đợt đánh giá bất thường nào.",
                messages.WARNING,
            )
            return
        count = services.hide_burst(bursts, request.user)
        self.message_user(
            request, f"Đã ẩn {count} lượt đánh giá của đợt bất thường.", messages.SUCCESS
        )

    # Deletions go through services.delete_votes(), which records them.
    def log_deletions(self, request, queryset):
        pass

    def delete_model(self, request, obj):
        services.delete_votes([obj], request.user)

    def delete_queryset(self, request, queryset):
        services.delete_votes(queryset, request.user)

    def get_urls(self):
        export = path(
            "xuat-csv/",
            self.admin_site.admin_view(self.export_csv),
            name="ratings_vote_export",
        )
        return [export, *super().get_urls()]

    def export_csv(self, request):
        """The votes of the current list (filters, search, order) as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        votes = self.get_changelist_instance(request).get_queryset(request)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(
            _csv_rows(votes.select_related("article", "moderated_by")),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="danh-gia-{stamp}.csv"'
        return response


CSV_HEADER = [
    "Mã",
    "Mã bài viết",
    "Bài viết",
    "Số sao",
    "Thời gian",
    "Trạng thái",
    "Mạng (mã băm rút gọn)",
    "Bất thường",
    "Đợt bất thường",
    "Người kiểm duyệt",
    "Kiểm duyệt lúc",
]


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S") if value else ""


def _csv_rows(votes):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # BOM: spreadsheets read UTF-8
    for vote in votes.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(vote.pk),
                _cell(vote.article_id),
                _cell(vote.article.title),
                _cell(vote.score),
                _when(vote.created_at),
                _cell(vote.get_state_display()),
                _cell(vote.network_hash[:8]),
                "có" if vote.burst_id else "không",
                _cell(vote.burst_id or ""),
                _cell(vote.moderated_by.get_username() if vote.moderated_by else ""),
                _when(vote.moderated_at),
            ]
        )


@admin.register(VoteBurst)
class VoteBurstAdmin(ReadOnlyAdmin):
    list_display = [
        "detected_at",
        "article_title",
        "kind",
        "votes_link",
        "window",
        "network",
        "is_hidden",
    ]
    list_filter = ["kind", HiddenBurstFilter, "detected_at"]
    list_select_related = ["article"]
    search_fields = ["article__title"]
    actions = ["hide_selected_bursts"]
    exclude = ["network_hash"]
    readonly_fields = ["network", "votes_link"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Bài viết", ordering="article__title")
    def article_title(self, obj):
        return Truncator(obj.article.title).chars(60)

    @admin.display(description="Mạng (mã băm)")
    def network(self, obj):
        return _network_link(obj.network_hash)

    @admin.display(description="Khoảng thời gian", ordering="first_vote_at")
    def window(self, obj):
        first, last = timezone.localtime(obj.first_vote_at), timezone.localtime(obj.last_vote_at)
        return f"{first:%d/%m %H:%M} – {last:%H:%M}"

    @admin.display(description="Đã ẩn", boolean=True, ordering="hidden_at")
    def is_hidden(self, obj):
        return obj.hidden_at is not None

    @admin.display(description="Các lượt", ordering="vote_count")
    def votes_link(self, obj):
        url = reverse("admin:ratings_vote_changelist") + f"?burst__id__exact={obj.pk}"
        return format_html('<a href="{}">Xem {} lượt</a>', url, obj.vote_count)

    @admin.action(description="Ẩn các đợt đánh giá bất thường đã chọn", permissions=["change"])
    def hide_selected_bursts(self, request, queryset):
        count = services.hide_burst(queryset, request.user)
        self.message_user(
            request, f"Đã ẩn {count} lượt đánh giá của đợt bất thường.", messages.SUCCESS
        )


@admin.register(RatingSummary)
class RatingSummaryAdmin(ReadOnlyAdmin):
    list_display = ["article_title", "count", "average", "histogram_text", "updated_at"]
    list_select_related = ["article"]
    search_fields = ["article__title"]
    ordering = ["-count"]
    readonly_fields = ["average", "histogram_chart", "votes_link"]
    fieldsets = [
        (None, {"fields": ["article", "count", "average", "histogram_chart", "votes_link"]}),
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

    @admin.display(description="Bài viết", ordering="article__title")
    def article_title(self, obj):
        return Truncator(obj.article.title).chars(60)

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

    def get_urls(self):
        reset = path(
            "<path:object_id>/dat-lai/",
            self.admin_site.admin_view(self.reset_view),
            name="ratings_ratingsummary_reset",
        )
        return [reset, *super().get_urls()]

    def has_reset_permission(self, request):
        return request.user.has_perm("ratings.delete_vote")

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_reset"] = self.has_reset_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def reset_view(self, request, object_id):
        """Confirmation page, then services.reset_ratings()."""
        if not self.has_reset_permission(request):
            raise PermissionDenied
        # get_object() turns a key that is not one ("abc") into None, not a 500.
        summary = self.get_object(request, unquote(object_id))
        if summary is None:
            raise Http404
        if request.method == "POST":
            deleted = services.reset_ratings(summary.article, request.user)
            self.message_user(
                request,
                f"Đã đặt lại đánh giá của bài “{summary.article.title}”: "
                f"xoá {deleted} lượt đánh giá.",
                messages.SUCCESS,
            )
            return redirect("admin:ratings_ratingsummary_change", summary.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Đặt lại đánh giá",
            "opts": self.model._meta,
            "summary": summary,
            "vote_count": summary.article.rating_votes.count(),
            "media": self.media,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "ratings/admin/reset_confirmation.html", context)
