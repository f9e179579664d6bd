"""The "reset ratings" page of an article's summary: a confirmation, then
services.reset_ratings(). Only for staff who may delete votes."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .. import services


def can_reset(request):
    return request.user.has_perm("ratings.delete_vote")


def reset_view(model_admin, request, object_id):
    """GET: the confirmation page; POST: reset and go back to the summary."""
    if not can_reset(request):
        raise PermissionDenied
    # get_object() turns a key that is not one ("abc") into None, not a 500.
    summary = model_admin.get_object(request, unquote(object_id))
    if summary is None:
        raise Http404
    if request.method == "POST":
        deleted = services.reset_ratings(article=summary.article, actor=request.user)
        model_admin.message_user(
            request,
            f"Đã đặt lại đánh giá của bài “{summary.article.title}”: xoá {deleted} lượt đánh giá.",
            messages.SUCCESS,
        )
        return redirect("admin:ratings_ratingsummary_change", summary.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Đặt lại đánh giá",
        "opts": model_admin.model._meta,
        "summary": summary,
        "vote_count": summary.article.rating_votes.count(),
        "media": model_admin.media,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "ratings/admin/reset_confirmation.html", context)
