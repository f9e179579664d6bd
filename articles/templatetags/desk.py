"""The desk's panels on the admin index (what waits for me, what I
published recently) and the status badge of an article."""

from django import template
from django.db.models import OuterRef, Subquery
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import Article, Transition
from ..workflow.rules import Action, Status, may

register = template.Library()
SHOWN = 10
PENDING_BADGE = mark_safe(
    '<span class="desk-badge desk-badge--pending">có thay đổi chờ duyệt</span>'
)


@register.simple_tag
def desk_badge(article):
    """The article's status badge, the same in the list, on the change form
    and on the dashboard; "có thay đổi chờ duyệt" beside it when an edit
    waits. Written directly: the list draws fifty of them."""
    shown = article.shown_status
    badge = format_html('<span class="desk-badge desk-badge--{}">{}</span>', shown.key, shown.label)
    if article.has_pending_revision:
        return format_html("{} {}", badge, PENDING_BADGE)
    return badge


def _latest_remark(actions):
    return Subquery(
        Transition.objects.filter(article=OuterRef("pk"), action__in=actions)
        .order_by("-at")
        .values("remark")[:1]
    )


@register.inclusion_tag("admin/articles/includes/dashboard.html", takes_context=True)
def desk_dashboard(context):
    """For approvers: the queue (submitted articles and pending changes,
    newest first) and what they published. For editors: their returned
    articles with the remark, their drafts, and their articles published."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"shown": False}
    listing = Article.objects.select_related("category", "created_by").defer("body")
    approver = may(user, Action.PUBLISH)
    data = {"shown": True, "approver": approver}
    if approver:
        data["queue"] = listing.awaiting_review()[:SHOWN]
        data["published"] = (
            Transition.objects.filter(by=user, action__in=[Action.PUBLISH, Action.APPROVE_CHANGE])
            .select_related("article")
            .order_by("-at")[:SHOWN]
        )
    else:
        mine = listing.filter(created_by=user)
        data["returned"] = (
            mine.filter(status=Status.RETURNED)
            .annotate(remark=_latest_remark([Action.RETURN]))
            .order_by("-updated_at")[:SHOWN]
        )
        data["drafts"] = mine.filter(status=Status.DRAFT).order_by("-updated_at")[:SHOWN]
        data["mine_published"] = mine.published().order_by("-published_at")[:SHOWN]
    return data
