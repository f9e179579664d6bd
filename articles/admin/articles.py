"""The article list and change form: the desk's columns and filters, the
add form that is saved once however often it is sent, and the save that goes
through the workflow (articles.workflow.revisions and services)."""

import uuid

from django.contrib import admin, messages
from django.db import IntegrityError, models
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from core.admin_lists import LargeListAdmin
from images.ingest import IMAGE_FORM_ERRORS
from images.storage import staff_url

from ..models import Article
from ..templatetags.desk import desk_badge
from ..visibility import SCHEDULED_LABEL
from ..workflow import revisions
from ..workflow.rules import Action, Status
from .body_images import BodyImagePickerMixin
from .desk import DeskActionsMixin
from .forms import ArticleAdminForm, requested_action
from .lead_images import lead_images
from .presence import PresenceMixin
from .revision_views import RevisionViewsMixin
from .search import ArticleSearch
from .versions import VersionedListMixin

LEAD_IMAGES_TEMPLATE = "admin/articles/article/includes/lead_images.html"


class VisibilityFilter(admin.SimpleListFilter):
    """Where an article is in the workflow, with scheduled apart from public."""

    title = "trạng thái"
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return [
            *((status.value, status.label) for status in Status if status != Status.PUBLISHED),
            ("published", "đã xuất bản"),
            ("scheduled", SCHEDULED_LABEL),
            ("pending", "có thay đổi chờ duyệt"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "published":
            return queryset.published()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "pending":
            return queryset.filter(has_pending_revision=True)
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(
    VersionedListMixin,  # ahead: its checkbox extends LargeListAdmin's
    LargeListAdmin,
    ArticleSearch,
    BodyImagePickerMixin,
    PresenceMixin,
    DeskActionsMixin,
    RevisionViewsMixin,
    admin.ModelAdmin,
):
    class Media:
        # The editor's buttons and menus in Vietnamese (its dialogs come from
        # locale/vi/LC_MESSAGES/djangojs.po through the admin's JS catalog);
        # the change form's heartbeat (admin/presence.py); the one-line title
        # box that wraps (forms.py).
        js = ["js/prose-editor-vi.js", "js/desk-presence.js", "js/desk-title.js"]
        css = {"all": ["css/admin-editor.css"]}

    form = ArticleAdminForm
    formfield_overrides = {models.ImageField: {"error_messages": IMAGE_FORM_ERRORS}}
    list_display = [
        "thumbnail",
        "title_column",
        "status_badge",
        "category",
        "times",
    ]
    list_display_links = ["title_column"]
    list_filter = [VisibilityFilter, "category", "is_featured", "published_at"]
    list_select_related = ["category", "created_by"]
    list_per_page = 50
    list_defer = ("body", "summary", "search_codes", "image_renditions")
    # Last changed first (article_updated_idx): a just-submitted article dated
    # in the past is at the top of the approver's list, not at its end.
    ordering = ["-updated_at", "-id"]
    search_fields = ["title"]  # shows the box; ArticleSearch reads it
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "topics"]
    save_on_top = True
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "lead_image_preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "topics", "summary", "body"]}),
        ("Ảnh đại diện", {"fields": ["lead_image_preview", "lead_image", "lead_image_caption"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "is_featured", "source"]}),
        ("Ý kiến", {"fields": ["remark", "form_token", "seen_version"]}),
        (
            "Thông tin",
            {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    def date_hierarchy_bounds(self):
        """The drill-down spans the approved articles' dates, read from the
        partial index on publication (a draft has no date to bound it)."""
        return Article.objects.filter(status=Status.PUBLISHED)

    @admin.display(description="Ảnh")
    def thumbnail(self, obj):
        if not obj.image_thumb:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" height="36" class="desk-thumb" loading="lazy">',
            staff_url(obj.image_thumb.name),  # a draft's image is not public
        )

    @admin.display(description="Ảnh")
    def lead_image_preview(self, obj):
        """The lead image as readers see it (a draft's through the staff-only
        address), so the approver judges the picture, not a file name; with
        the proposed one beside it when a pending revision changes it."""
        return render_to_string(LEAD_IMAGES_TEMPLATE, {"images": lead_images(obj)})

    @admin.display(description="Tiêu đề", ordering="title")
    def title_column(self, obj):
        return format_html('<span class="desk-title">{}</span>', obj.title)

    @admin.display(description="Trạng thái", ordering="status")
    def status_badge(self, obj):
        return desk_badge(obj)

    @admin.display(description="Cập nhật", ordering="updated_at")
    def times(self, obj):
        """Last change, who wrote the article and when it was (or will be)
        published, in one narrow column so the list fits 1280 px."""
        user = obj.created_by
        author = (user.get_full_name() or user.get_username()) if user else "—"
        published = (
            date_format(localtime(obj.published_at), "d/m/Y H:i") if obj.published_at else "—"
        )
        return format_html(
            '<span class="desk-time">{}</span><span class="desk-meta">{}</span>'
            '<span class="desk-meta">xuất bản {}</span>',
            date_format(localtime(obj.updated_at), "d/m/Y H:i"),
            author,
            published,
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # A published URL must keep working: the slug is frozen once public.
        # (An editor's new publication time is part of the pending revision.)
        if obj is not None and obj.status == Status.PUBLISHED:
            fields.append("slug")
        return fields

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        return revisions.with_pending_text(obj) if obj is not None else None

    def view_on_site(self, obj):
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("articles:preview", args=[obj.pk])

    def add_view(self, request, form_url="", extra_context=None):
        """A form sent twice (a double click, a resent request) makes one
        article: the second finds the first by its creation token."""
        try:
            token = uuid.UUID(request.POST.get("form_token", "")) if request.POST else None
        except ValueError:
            token = None
        existing = Article.objects.filter(creation_token=token).first() if token else None
        if existing is None:
            try:
                return super().add_view(request, form_url, extra_context)
            except IntegrityError:
                existing = Article.objects.filter(creation_token=token).first()
                if existing is None:
                    raise
        self.message_user(request, "Bài viết này đã được lưu trước đó.", messages.WARNING)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[existing.pk]))

    def save_model(self, request, obj, form, change):
        action = requested_action(request.POST)
        if not change:
            obj.created_by = request.user
            obj.creation_token = form.cleaned_data.get("form_token")
        elif action == Action.RETURN_CHANGE:
            # Returning a proposal saves nothing: the public text stays.
            self.apply_requested_transition(request, obj, form)
            return
        # The form checked (and locked) the version its user opened.
        seen = form.cleaned_data.get("seen_version") if change else None
        # Topics are part of the change: the service stores them live or in
        # the pending revision, and save_related leaves them alone.
        topics = form.cleaned_data.get("topics")
        if revisions.save_edit(article=obj, by=request.user, topics=topics, expected_version=seen):
            self.report(
                request,
                "Thay đổi đã được gửi duyệt; người đọc vẫn thấy bản đã duyệt.",
                messages.INFO,
            )
        if action == Action.APPROVE_CHANGE:
            # save_edit applied the pending revision the form showed.
            self.report(request, "Đã duyệt thay đổi.")
            return
        self.apply_requested_transition(request, obj, form)

    def save_related(self, request, form, formsets, change):
        # save_model gave the topics to the workflow (live or pending).
        form.cleaned_data.pop("topics", None)
        super().save_related(request, form, formsets, change)
