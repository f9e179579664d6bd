"""The desk in the article admin: workflow buttons and list actions (the
revision views are in revision_views.py). Every change goes through
`articles.workflow.services` and `articles.workflow.revisions`."""

from django.contrib import admin, messages
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from staff.factors import refuse_without_fresh_second_factor

from ..models import Article
from ..workflow import revisions, services
from ..workflow.rules import PUBLISH_PERMISSION, Action, WorkflowError, available_actions, may
from ..workflow.versions import StaleVersion
from .forms import requested_action
from .versions import Unseen, seen_versions

# What a stolen password or an unattended session must not do: these, and an
# approver's save, restore or delete of a published article (which changes
# what readers see at once), ask for a recent second-factor code (staff.factors).
SECOND_FACTOR_ACTIONS = {Action.PUBLISH, Action.APPROVE_CHANGE, Action.TAKE_DOWN}


class DeskActionsMixin:
    actions = ["submit_selected", "publish_selected", "take_down_selected"]

    def _changes_readers_page(self, request, pk):
        """Whether this POST by an approver touches a published article."""
        if pk is None or not str(pk).isdigit() or not may(request.user, Action.PUBLISH):
            return False
        return Article.objects.filter(pk=pk, status=Article.Status.PUBLISHED).exists()

    @staticmethod
    def _refusal(request, sensitive):
        """The redirect for a sensitive POST without a recent code, else None."""
        if request.method == "POST" and sensitive:
            return refuse_without_fresh_second_factor(request)
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        sensitive = requested_action(request.POST) in SECOND_FACTOR_ACTIONS
        sensitive = sensitive or self._changes_readers_page(request, object_id)
        if refused := self._refusal(request, sensitive):
            return refused
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if refused := self._refusal(request, self._changes_readers_page(request, object_id)):
            return refused
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        deleting = request.POST.get("action") == "delete_selected"
        if refused := self._refusal(request, deleting):
            return refused
        return super().changelist_view(request, extra_context)

    def report(self, request, message, level=messages.SUCCESS):
        """Tell the user what the desk did with this save; the admin's own
        "đã được thay đổi thành công" is then left out (response_change)."""
        request.desk_reported = True
        self.message_user(request, message, level)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "desk_quiet", False):
            return
        super().message_user(request, message, level, *args, **kwargs)

    def _one_message(self, request, respond, obj):
        """The admin's response (its redirect kept), without its generic
        success message when the desk already said what happened."""
        request.desk_quiet = getattr(request, "desk_reported", False)
        try:
            return respond(request, obj)
        finally:
            request.desk_quiet = False

    def response_change(self, request, obj):
        return self._one_message(request, super().response_change, obj)

    def response_add(self, request, obj, post_url_continue=None):
        respond = super().response_add
        return self._one_message(request, lambda req, o: respond(req, o, post_url_continue), obj)

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
        self.report(request, done)

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
        if done:
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
        if refused := refuse_without_fresh_second_factor(request):
            return refused
        self._each(request, queryset, Action.PUBLISH, pinned=True)

    @admin.action(description="Gỡ các bài viết đã chọn", permissions=["publish"])
    def take_down_selected(self, request, queryset):
        if refused := refuse_without_fresh_second_factor(request):
            return refused
        self._each(request, queryset, Action.TAKE_DOWN)
