"""The bursts of suspicious votes (ratings.bursts flags them): their window,
network and votes, and the action that hides a whole burst."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import services
from ..models import VoteBurst
from .common import ReadOnlyAdmin, network_link


class HiddenBurstFilter(admin.SimpleListFilter):
    title = "trạng thái"
    parameter_name = "da_an"

    def lookups(self, request, model_admin):
        return [("0", "Chưa ẩn"), ("1", "Đã ẩn")]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(hidden_at__isnull=self.value() == "0")
        return queryset


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

    @admin.display(description="Mạng (mã băm)")
    def network(self, obj):
        return network_link(obj.network_hash)

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
        count = services.hide_burst(bursts=queryset, actor=request.user)
        self.message_user(
            request, f"Đã ẩn {count} lượt đánh giá của đợt bất thường.", messages.SUCCESS
        )
