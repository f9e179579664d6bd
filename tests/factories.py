"""Small factories for tests: plain functions with sensible defaults."""

import importlib
import itertools
from datetime import timedelta
from functools import cache
from io import BytesIO

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category

_seq = itertools.count(1)


def make_category(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Chuyên mục {n}")
    return Category.objects.create(**fields)


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
    article.save()
    return article


GROUP_MIGRATIONS = [
    ("articles", "0003_editor_group"),
    ("articles", "0005_desk_groups"),
    ("articles", "0009_topic_permissions"),
    ("ratings", "0002_moderator_group"),
]


@cache
def _state_apps(app_label, migration):
    return MigrationLoader(connection).project_state((app_label, migration)).apps


def restore_staff_groups():
    """The editor and moderator groups, made by their data migrations' own
    code. (Transactional tests flush the database, groups included, so a
    later test cannot count on the groups the migrations made at setup.)"""
    for app_label, migration in GROUP_MIGRATIONS:
        module = importlib.import_module(f"{app_label}.migrations.{migration}")
        module.create_group(_state_apps(app_label, migration), None)


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


def image_upload(name="anh.jpg", size=(800, 450), fmt="JPEG", color=(200, 30, 30)):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
