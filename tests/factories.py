"""Small factories for tests: plain functions with sensible defaults."""

import itertools
import time
from datetime import timedelta
from io import BytesIO

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from articles.models import Article, Category, Topic
from articles.uploads import prepare_lead_image
from articles.writing import store_article, store_category, store_topic
from core.roles import apply_roles
from staff.factors import VERIFIED_AT

_seq = itertools.count(1)


def make_category(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Chuyên mục {n}")
    return store_category(category=Category(**fields))


def make_topic(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Chủ đề {n}")
    return store_topic(topic=Topic(**fields))


def make_article(**fields):
    """A published, public article unless told otherwise."""
    n = next(_seq)
    if "category" not in fields:
        fields["category"] = make_category()
    fields.setdefault("title", f"Bài viết số {n}")
    fields.setdefault("summary", f"Tóm tắt bài viết số {n}.")
    fields.setdefault("body", f"<p>Nội dung bài viết số {n}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(minutes=n))
    article = Article(**fields)
    prepare_lead_image(article=article)
    return store_article(article=article)


def restore_staff_groups():
    """The staff roles' groups, made by the code their data migration runs
    (core.roles). Transactional tests flush the database, groups
    included, so a later test cannot count on the groups made at setup."""
    apply_roles(django_apps)


def make_user(username=None, group=None, staff=True, superuser=False, password="mat-khau-123"):
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}",
        password=password,
        is_staff=staff,
        is_superuser=superuser,
    )
    if group:
        if not Group.objects.filter(name=group).exists():
            restore_staff_groups()
        user.groups.add(Group.objects.get(name=group))
    return user


def prove_second_factor(client, user):
    """Give `user` an authenticator app and mark `client`'s session (already
    signed in as `user`) as having just given its code."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT] = int(time.time())
    session.save()


def image_upload(name="anh.jpg", size=(800, 450), fmt="JPEG", color=(200, 30, 30)):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
