"""The revision list, the comparison of two revisions, and restoring one
(after a confirmation that says whether it goes through review), in the
article admin. Changes go through `articles.workflow.revisions`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from staff.factors import refuse_without_fresh_second_factor

from ..models import Article
from ..workflow import revisions
from ..workflow.diff import compare_revisions
from ..workflow.history import default_pair, revision_rows
from ..workflow.versions import StaleVersion, display_name


class RevisionViewsMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/phien-ban/", wrap(self.revisions_view), name="articles_revisions"),
            path(
                "<int:pk>/phien-ban/so-sanh/",
                wrap(self.compare_view),
                name="articles_revision_compare",
            ),
            path(
                "<int:pk>/phien-ban/<int:history_id>/khoi-phuc/",
                wrap(self.restore_view),
                name="articles_revision_restore",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "has_change_permission": self.has_change_permission(request, article),
        }

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        rows = revision_rows(article)
        context = self._context(request, article, f"Phiên bản: {article.title}")
        context["rows"] = rows
        context["compare_a"], context["compare_b"] = default_pair(rows)
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def compare_view(self, request, pk):
        article = self._article(request, pk)
        try:
            ids = sorted(int(request.GET[key]) for key in ("a", "b"))
        except (KeyError, ValueError):
            messages.error(request, "Vui lòng chọn hai phiên bản để so sánh.")
            return redirect("admin:articles_revisions", pk=article.pk)
        history = {r.history_id: r for r in article.history.filter(history_id__in=ids)}
        if len(history) != len(set(ids)):
            messages.error(request, "Không tìm thấy phiên bản cần so sánh.")
            return redirect("admin:articles_revisions", pk=article.pk)
        old, new = history[ids[0]], history[ids[-1]]
        context = self._context(request, article, f"So sánh phiên bản: {article.title}")
        context.update(old=old, new=new, rows=compare_revisions(old, new))
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, pk, history_id):
        """GET: the confirmation (what comes back, and whether it waits for an
        approver); POST: the restore."""
        article = self._article(request, pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(article.history, history_id=history_id)
        if request.method != "POST":
            return self._confirm_restore(request, article, revision)
        if self._changes_readers_page(request, article.pk):
            # An approver's restore of a published article goes live at once.
            back_to = reverse("admin:articles_revisions", args=[article.pk])
            if refused := refuse_without_fresh_second_factor(request, back_to=back_to):
                return refused
        seen = request.POST.get("seen_version", "")
        try:
            pending = revisions.restore_revision(
                article=article,
                revision=revision,
                by=request.user,
                expected_version=int(seen) if seen.isdigit() else 0,
            )
        except StaleVersion as stale:
            messages.error(request, f"{stale} Chưa khôi phục; vui lòng xem lại các phiên bản.")
            return redirect("admin:articles_revisions", pk=article.pk)
        except revisions.NothingToRestore as same:
            messages.warning(request, str(same))
            return redirect("admin:articles_revisions", pk=article.pk)
        self.log_change(request, article, f"Khôi phục phiên bản {history_id}")
        if pending:
            messages.info(
                request,
                "Đã khôi phục thành thay đổi chờ duyệt; người đọc vẫn thấy bản đã duyệt "
                "cho đến khi người duyệt đồng ý.",
            )
        else:
            messages.success(request, "Đã khôi phục phiên bản; đây là một phiên bản mới.")
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _confirm_restore(self, request, article, revision):
        current = revisions.with_pending_text(Article.objects.get(pk=article.pk))
        context = self._context(request, article, f"Khôi phục phiên bản: {article.title}")
        context.update(
            revision=revision,
            author=display_name(revision.history_user),
            reviewed=revisions.needs_review(article=article, by=request.user),
            same=not revisions.restores_anything(current, revision),
            # A restore brings back the content, never the status or the
            # publication time (revisions.restore_revision): only that is listed.
            rows=[
                row
                for row in compare_revisions(current, revision, revisions.WORKFLOW_FIELDS)
                if row[1]
            ],
        )
        return TemplateResponse(request, "admin/articles/article/restore_confirm.html", context)
