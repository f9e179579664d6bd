"""The bursts of suspicious votes (ratings.bursts flags them): their window,
network and votes, and the action that hides a whole burst."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import services
from ..models import VoteBurst
from .common import RatedArticleSearch, ReadOnlyAdmin, network_link, warning


class BurstStatusFilter(admin.SimpleListFilter):
    title = "trạng thái"
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return [("cho", "Chờ kiểm duyệt"), ("chap_nhan", "Đã chấp nhận"), ("an", "Đã ẩn")]

    def queryset(self, request, queryset):
        if self.value() == "cho":
            return queryset.filter(hidden_at__isnull=True, accepted_at__isnull=True)
        if self.value() == "chap_nhan":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "an":
            return queryset.filter(hidden_at__isnull=False)
        return queryset


@admin.register(VoteBurst)
class VoteBurstAdmin(RatedArticleSearch, ReadOnlyAdmin):
    # Fits 1280 px beside the admin's menu: the window stands for the time
    # (a burst is detected as its last vote arrives).
    list_display = ["window", "article_title", "kind", "votes_link", "network", "status"]
    list_display_links = ["window"]
    list_filter = [BurstStatusFilter, "kind", "detected_at"]
    list_select_related = ["article"]
    actions = ["accept_selected_bursts", "hide_selected_bursts"]
    exclude = ["network_hash"]
    readonly_fields = ["network", "votes_link"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Mạng (mã băm)")
    def network(self, obj):
        return network_link(obj.network_hash)

    @admin.display(description="Khoảng thời gian", ordering="-last_vote_at")
    def window(self, obj):
        first, last = timezone.localtime(obj.first_vote_at), timezone.localtime(obj.last_vote_at)
        return f"{first:%d/%m %H:%M}–{last:%H:%M}"

    @admin.display(description="Trạng thái", ordering="hidden_at")
    def status(self, obj):
        if obj.hidden_at is not None:
            return "Đã ẩn"
        if obj.accepted_at is not None:
            return "Đã chấp nhận"
        return warning("Chờ kiểm duyệt")

    @admin.display(description="Các lượt", ordering="vote_count")
    def votes_link(self, obj):
        url = reverse("admin:ratings_vote_changelist") + f"?burst__id__exact={obj.pk}"
        return format_html('<a href="{}">Xem {} lượt</a>', url, obj.vote_count)

    @admin.action(
        description="Chấp nhận các đợt đánh giá bất thường đã chọn", permissions=["change"]
    )
    def accept_selected_bursts(self, request, queryset):
        count = services.accept_bursts(bursts=queryset, actor=request.user)
        self.message_user(
            request, f"Đã chấp nhận {count} lượt đánh giá của đợt bất thường.", messages.SUCCESS
        )

    @admin.action(description="Ẩn các đợt đánh giá bất thường đã chọn", permissions=["change"])
    def hide_selected_bursts(self, request, queryset):
        count = services.hide_burst(bursts=queryset, actor=request.user)
        self.message_user(
            request, f"Đã ẩn {count} lượt đánh giá của đợt bất thường.", messages.SUCCESS
        )
