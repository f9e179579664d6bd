"""The desk in the article admin: workflow buttons and list actions, and the
revision list, comparison and restore views. Every change goes through
`articles.workflow.services` and `articles.workflow.revisions`."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from ..models import Article
from ..workflow import revisions, services
from ..workflow.diff import compare_revisions
from ..workflow.rules import PUBLISH_PERMISSION, Action, WorkflowError, available_actions, may
from ..workflow.versions import StaleVersion
from .forms import requested_action
from .versions import Unseen, seen_versions


class DeskActionsMixin:
    actions = ["submit_selected", "publish_selected", "take_down_selected"]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def apply_requested_transition(self, request, article, form):
        """Run the transition the pressed button asked for (after the save)."""
        action = requested_action(request.POST)
        if action is None:
            return
        remark = form.cleaned_data.get("remark", "")
        # The version the form showed, or the one its save just made: a change
        # by anyone else since refuses the transition (StaleVersion).
        seen = article.version
        try:
            if action == Action.RETURN_CHANGE:
                revisions.return_revision(
                    article=article, by=request.user, remark=remark, expected_version=seen
                )
            else:
                # The save just made and this action are one revision.
                services.SERVICES[action](
                    article=article,
                    by=request.user,
                    remark=remark,
                    expected_version=seen,
                    amend=True,
                )
        except (WorkflowError, LookupError) as refusal:
            message = str(refusal) if isinstance(refusal, WorkflowError) else "Không có thay đổi."
            self.message_user(request, message, messages.ERROR)
            return
        done = f"Đã {Action(action).label}: “{article.title}”."
        if article.is_scheduled:
            done += " Bài viết sẽ tự xuất bản vào thời gian đã hẹn."
        elif action == Action.PUBLISH:
            shown = date_format(localtime(article.published_at), "d/m/Y H:i")
            done += f" Thời gian xuất bản: {shown}."
        self.message_user(request, done, messages.SUCCESS)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        context = {}
        if article is not None:
            context = {
                "workflow_actions": [
                    (f"_{a.value}", Action(a).label)
                    for a in available_actions(request.user, article.status)
                ],
                "pending_revision": revisions.pending_revision(article),
                "may_publish": may(request.user, Action.PUBLISH),
                "transitions": article.transitions.select_related("by")[:10],
            }
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def add_view(self, request, form_url="", extra_context=None):
        context = {"workflow_actions": [("_submit", Action.SUBMIT.label)]}
        if may(request.user, Action.PUBLISH):
            context["workflow_actions"].append(("_publish", Action.PUBLISH.label))
        return super().add_view(request, form_url, {**context, **(extra_context or {})})

    def _each(self, request, queryset, action, *, pinned=False):
        """Apply `action` to each article; `pinned`: only to the version of
        it the list showed (the rows' hidden inputs), naming each refused one."""
        articles = list(queryset)
        seen = seen_versions(request, articles) if pinned else {}
        done = refused = 0
        for article in articles:
            try:
                if pinned and article.pk not in seen:
                    raise Unseen(f"Không rõ phiên bản bài viết “{article.title}” bạn đã xem.")
                services.SERVICES[action](
                    article=article, by=request.user, expected_version=seen.get(article.pk)
                )
            except (StaleVersion, Unseen) as stale:
                undone = f"Chưa {Action(action).label} bài này; vui lòng mở lại để đọc bản mới."
                self.message_user(request, f"{stale} {undone}", messages.ERROR)
            except WorkflowError:
                refused += 1
            else:
                self.log_change(request, article, str(Action(action).label).capitalize())
                done += 1
        self.message_user(request, f"Đã xử lý {done} bài viết.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                f"{refused} bài viết không ở trạng thái cho phép thao tác này.",
                messages.WARNING,
            )

    @admin.action(description="Gửi duyệt các bài viết đã chọn", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._each(request, queryset, Action.SUBMIT)

    @admin.action(description="Duyệt và xuất bản các bài viết đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, Action.PUBLISH, pinned=True)

    @admin.action(description="Gỡ các bài viết đã chọn", permissions=["publish"])
    def take_down_selected(self, request, queryset):
        self._each(request, queryset, Action.TAKE_DOWN)


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
        history = article.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
        context = self._context(request, article, f"Phiên bản: {article.title}")
        context["revisions"] = history
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
        article = self._article(request, pk)
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(article.history, history_id=history_id)
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
        self.log_change(request, article, f"Khôi phục phiên bản {history_id}")
        if pending:
            messages.info(request, "Đã khôi phục thành thay đổi chờ duyệt.")
        else:
            messages.success(request, "Đã khôi phục phiên bản; đây là một phiên bản mới.")
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))
