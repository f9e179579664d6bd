"""E-mails to the desk: a submission reaches the approvers, a return reaches
the author. Django's e-mail framework: the console backend in development,
SMTP from the environment in production (DJANGO_EMAIL_*: docs/configuration.md,
"Environment variables")."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse

from core.links import absolute_url

from .rules import PUBLISH_PERMISSION

log = logging.getLogger(__name__)


def approvers():
    """Active staff who may publish (by group or their own permission), with an
    address; superusers are not mailed for every submission."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    return (
        get_user_model()
        .objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .filter(is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
    )


def _admin_link(article):
    """The change page's full URL: mail clients open no bare path."""
    return absolute_url(reverse("admin:articles_article_change", args=[article.pk]))


def _send(subject, lines, recipients):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    try:
        return send_mail(subject, "\n".join(lines), None, recipients)
    except OSError:
        # A mail server outage must not undo the transition; it is logged.
        log.exception("workflow e-mail not sent", extra={"subject": subject})
        return 0


def submitted(*, article, by, change=False):
    """Tell every approver that `article` (or a change to it) awaits review."""
    what = "Thay đổi bài viết chờ duyệt" if change else "Bài viết chờ duyệt"
    lines = [
        f"{by.get_full_name() or by.get_username()} đã gửi duyệt: {article.title}",
        f"Xem và duyệt tại: {_admin_link(article)}",
    ]
    return _send(f"[{what}] {article.title}", lines, [u.email for u in approvers()])


def returned(*, article, to, by, remark, change=False):
    """Tell the author that `article` (or their change to it) came back."""
    if to is None:
        return 0
    what = "Thay đổi bị trả lại" if change else "Bài viết bị trả lại"
    lines = [
        f"{by.get_full_name() or by.get_username()} đã trả lại: {article.title}",
        f"Ý kiến: {remark}",
        f"Sửa tại: {_admin_link(article)}",
    ]
    return _send(f"[{what}] {article.title}", lines, [to.email])
