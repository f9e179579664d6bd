"""Two editors save the same title at the same moment: both saves succeed and
the database's unique constraint decides who gets the plain slug."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_category, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_editors_saving_the_same_title_at_once_both_succeed_with_different_slugs():
    category = make_category()
    editors = [make_user(f"bientap{n}", group="Biên tập viên") for n in range(2)]
    # Both saves wait here, after each has chosen its slug and before either
    # INSERT: without this the race would depend on timing.
    barrier = threading.Barrier(2)
    waited = set()

    def hold_first_attempt(sender, instance, **kwargs):
        thread = threading.get_ident()
        if thread not in waited:
            waited.add(thread)
            barrier.wait(timeout=30)

    def save_as(editor):
        try:
            client = Client()
            client.force_login(editor)
            response = client.post(
                reverse("admin:articles_article_add"),
                article_form(category, title="Họp báo Chính phủ thường kỳ"),
            )
            return response.status_code
        finally:
            connections.close_all()

    pre_save.connect(hold_first_attempt, sender=Article)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            statuses = list(pool.map(save_as, editors))
    finally:
        pre_save.disconnect(hold_first_attempt, sender=Article)

    assert statuses == [302, 302]
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "hop-bao-chinh-phu-thuong-ky",
        "hop-bao-chinh-phu-thuong-ky-2",
    ]
