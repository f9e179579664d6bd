"""Helpers for the desk's tests: staff of each role and the admin's forms."""

import itertools

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_user

_seq = itertools.count(1)
# Usernames that read as Vietnamese, so the admin's text checks see no English.
NAMES = {"editor": "bientap", "approver": "duyet", "moderator": "kiemduyet", "superuser": "quantri"}
ROLES = {
    "editor": {"group": "Biên tập viên"},
    "approver": {"group": "Duyệt tin"},
    "moderator": {"group": "Kiểm duyệt viên"},
    "superuser": {"superuser": True},
}


def staff(role, email=""):
    """A staff member of `role` (one of ROLES), with `email` if given."""
    user = make_user(f"{NAMES[role]}{next(_seq)}", **ROLES[role])
    if email:
        user.email = email
        user.save(update_fields=["email"])
    return user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def change_form(article, **overrides):
    """The change form as the admin would post it back, unchanged, as if opened
    just now: at the stored version (`seen_version=` for a form opened earlier).
    An override of None leaves that input out (an unticked box)."""
    local = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "summary": article.summary,
        "body": article.body,
        "lead_image_caption": article.lead_image_caption,
        "published_at_0": local.strftime("%d/%m/%Y") if local else "",
        "published_at_1": local.strftime("%H:%M:%S") if local else "",
        "source": article.source,
        "topics": list(article.topics.values_list("pk", flat=True)) if article.pk else [],
        "remark": "",
        "seen_version": Article.objects.values_list("version", flat=True).get(pk=article.pk),
    }
    if article.is_featured:
        data["is_featured"] = "on"  # a ticked box; an unticked one is not sent
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def list_action(action, *articles, versions=None):
    """The article list's POST of `action` on `articles`, each with the version
    its row showed (`versions`: {article: version} for other ones)."""
    versions = versions or {}
    data = {"action": action, "_selected_action": [a.pk for a in articles]}
    for article in articles:
        data[f"_version_{article.pk}"] = versions.get(article, article.version)
    return data


def form_as_shown(client, article, **overrides):
    """The change form as `client`'s user sees it now (a pending proposal
    laid over the article), posted back with `overrides` (None: left out)."""
    form = client.get(change_url(article)).context["adminform"].form
    data = change_form(article, is_featured=None)
    for name in ("title", "summary", "body", "lead_image_caption", "source", "category"):
        data[name] = form[name].value()
    data["topics"] = [int(pk) for pk in form["topics"].value()]
    if form["is_featured"].value():
        data["is_featured"] = "on"
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}
