"""Helpers for the desk's tests: staff of each role and the admin's forms."""

import itertools

from django.urls import reverse
from django.utils import timezone

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
    """The change form as the admin would post it back, unchanged."""
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
        "remark": "",
    }
    data.update(overrides)
    return data
