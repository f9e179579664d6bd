"""Who else has an article's change form open ("Đang được chỉnh sửa bởi").

Opening the form and its script's heartbeat (static/js/desk-presence.js, a
POST every HEARTBEAT_SECONDS) mark the user present in the cache for
PRESENT_SECONDS; the form names the others, rendered on the server when it
opens and refreshed by each heartbeat's answer. It only informs: saving is
guarded by the version number (admin/versions.py), not by this.
"""

import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from core.cache import CACHE_ERRORS

from ..models import Article
from ..workflow.versions import display_name

HEARTBEAT_SECONDS = 30
# Two missed heartbeats and a closed tab is gone.
PRESENT_SECONDS = 2 * HEARTBEAT_SECONDS + 15


def _key(article_pk) -> str:
    return f"desk:presence:{article_pk}"


def others_present(*, article_pk: int, user, mark: bool = True) -> list[str]:
    """The names of the staff other than `user` who had the form of article
    `article_pk` open within PRESENT_SECONDS, sorted; with `mark`, `user` is
    noted as present too. A cache outage shows nobody rather than failing."""
    now = time.time()
    try:
        present = cache.get(_key(article_pk)) or {}
        present = {
            pk: (name, seen) for pk, (name, seen) in present.items() if now - seen < PRESENT_SECONDS
        }
        if mark:
            present[user.pk] = (display_name(user), now)
            cache.set(_key(article_pk), present, PRESENT_SECONDS)
    except CACHE_ERRORS:
        return []
    return sorted(name for pk, (name, _seen) in present.items() if pk != user.pk)


class PresenceMixin:
    """The heartbeat endpoint, and the names on the change form."""

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.presence_view))
        urls = [path("<int:pk>/dang-mo/", view, name="articles_article_presence")]
        return urls + super().get_urls()

    def presence_view(self, request, pk):
        """JSON {"others": [names]} for the form's script; marks the caller."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return JsonResponse({"others": others_present(article_pk=pk, user=request.user)})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Reached only once the admin allowed the user to see the article.
        if change and obj is not None:
            context["presence"] = {
                "url": reverse("admin:articles_article_presence", args=[obj.pk]),
                "others": others_present(
                    article_pk=obj.pk,
                    user=request.user,
                    mark=self.has_change_permission(request, obj),
                ),
                "every": HEARTBEAT_SECONDS,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)
