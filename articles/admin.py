from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .admin_body_images import BodyImagePickerMixin
from .images import IMAGE_FORM_ERRORS
from .models import Article, Category

admin.site.site_header = "Quản trị Cổng Thông tin điện tử"
admin.site.site_title = "Quản trị VPCP"
admin.site.index_title = "Trang quản trị"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class VisibilityFilter(admin.SimpleListFilter):
    """What a reader sees: draft, public now, or scheduled for later."""

    title = "hiển thị"
    parameter_name = "hien_thi"

    def lookups(self, request, model_admin):
        return [
            ("draft", "bản nháp"),
            ("published", "đã xuất bản"),
            ("scheduled", "hẹn giờ xuất bản"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "published":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        return queryset


@admin.register(Article)
class ArticleAdmin(BodyImagePickerMixin, admin.ModelAdmin):
    class Media:
        # The editor's buttons and menus in Vietnamese (its dialogs come from
        # locale/vi/LC_MESSAGES/djangojs.po through the admin's JS catalog).
        js = ["js/prose-editor-vi.js"]
        css = {"all": ["css/admin-editor.css"]}

    formfield_overrides = {models.ImageField: {"error_messages": IMAGE_FORM_ERRORS}}

    list_display = ["title", "category", "status_label", "published_at", "is_featured"]
    list_filter = [VisibilityFilter, "category", "is_featured", "published_at"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category"]
    save_on_top = True
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        ("Ảnh đại diện", {"fields": ["lead_image", "lead_image_caption"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "is_featured", "source"]}),
        (
            "Thông tin",
            {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="Trạng thái", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return format_html('<span title="{}">hẹn giờ xuất bản</span>', obj.published_at)
        return obj.get_status_display()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # A published URL must keep working: the slug is frozen once public.
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            fields.append("slug")
        return fields

    def view_on_site(self, obj):
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("articles:preview", args=[obj.pk])

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Xuất bản các bài viết đã chọn", permissions=["change"])
    def publish(self, request, queryset):
        articles = queryset.exclude(status=Article.Status.PUBLISHED)
        self._change_each(request, articles, Article.publish, "xuất bản")

    @admin.action(description="Gỡ xuất bản các bài viết đã chọn", permissions=["change"])
    def unpublish(self, request, queryset):
        articles = queryset.filter(status=Article.Status.PUBLISHED)
        self._change_each(request, articles, Article.unpublish, "gỡ xuất bản")

    def _change_each(self, request, articles, change, verb):
        """Apply `change` to each article (saving it, so caches follow), record
        it in the admin history and tell the editor how many changed."""
        count = 0
        for article in articles:
            change(article)
            self.log_change(request, article, verb.capitalize())
            count += 1
        self.message_user(request, f"Đã {verb} {count} bài viết.", messages.SUCCESS)
