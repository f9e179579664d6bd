"""The agency's pages (Giới thiệu, Liên hệ, English) in the admin: staff
edit the proposal; an approver publishes it with the list action, after the
same second-factor check as an article's publish (articles/pages.py); the
revision list says who changed what, when, with which workflow action."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from staff.factors import refuse_without_fresh_second_factor

from ..pages import (
    PUBLISH_PAGE_PERMISSION,
    REVISION_FIELDS,
    Page,
    propose_page,
    publish_page,
)
from ..workflow.history import revision_rows


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "published_at", "has_proposal", "updated_at"]
    fields = ["kind", "language", "proposed_title", "proposed_body", "public_text"]
    readonly_fields = ["kind", "language", "public_text"]
    actions = ["publish_selected"]
    change_form_template = "admin/articles/page/change_form.html"

    def get_urls(self):
        revisions = self.admin_site.admin_view(self.revisions_view)
        return [
            path("<int:pk>/phien-ban/", revisions, name="articles_page_revisions"),
            *super().get_urls(),
        ]

    def revisions_view(self, request, pk):
        """The page's revisions, newest first (articles/workflow/history.py)."""
        page = get_object_or_404(Page, pk=pk)
        if not self.has_view_permission(request, page):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": page,
            "title": f"Phiên bản: {page}",
            "rows": revision_rows(page, REVISION_FIELDS),
        }
        return TemplateResponse(request, "admin/articles/page/revisions.html", context)

    # The three pages are made by a migration: none added, none deleted.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PAGE_PERMISSION)

    @admin.display(description="Đang hiển thị cho bạn đọc")
    def public_text(self, page):
        return page.title if page.is_public else "Chưa xuất bản"

    def save_model(self, request, obj, form, change):
        propose_page(
            page=obj,
            user=request.user,
            title=form.cleaned_data["proposed_title"],
            body=form.cleaned_data["proposed_body"],
        )
        if obj.has_proposal:
            messages.info(
                request, "Thay đổi đang chờ duyệt: bạn đọc chưa thấy cho đến khi được xuất bản."
            )

    @admin.action(description="Duyệt và xuất bản các trang đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        if refused := refuse_without_fresh_second_factor(request):
            return refused
        for page in queryset:
            publish_page(page=page, user=request.user)
        messages.success(request, f"Đã xuất bản {queryset.count()} trang.")
        return None
