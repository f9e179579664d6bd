"""The desk's article list: last changed first, so a just-submitted article
dated in the past is at the top; the queue filters keep that order; the
first page is read through an index, not by sorting the archive."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from bench.newsroom import insert_articles
from tests.articles.desk import staff
from tests.factories import make_article, make_category
from tests.queries import rows_examined

pytestmark = pytest.mark.django_db
S = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def desk_list(role, **query):
    """The change list `role` sees with `query` (filters), as its ChangeList."""
    client = Client()
    client.force_login(staff(role))
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    return response.context["cl"]


def test_a_just_submitted_article_dated_in_the_past_is_at_the_top():
    long_ago = timezone.now() - timedelta(days=30)
    make_article(title="Tin mới đăng hôm nay")
    late = make_article(title="Bài hẹn ngày cũ", status=S.DRAFT, published_at=long_ago)
    Article.objects.filter(pk=late.pk).update(status=S.SUBMITTED, updated_at=timezone.now())

    titles = [a.title for a in desk_list("approver").result_list]

    assert titles[0] == "Bài hẹn ngày cũ"


def test_the_submitted_queue_lists_last_changed_first():
    now = timezone.now()
    for hours_ago, title in [(3, "Gửi sáng nay"), (1, "Gửi vừa xong"), (2, "Gửi trưa nay")]:
        article = make_article(title=title, status=S.SUBMITTED)
        changed = now - timedelta(hours=hours_ago)
        Article.objects.filter(pk=article.pk).update(updated_at=changed)
    make_article(title="Đã đăng")

    queue = desk_list("approver", trang_thai=S.SUBMITTED).result_list

    assert [a.title for a in queue] == ["Gửi vừa xong", "Gửi trưa nay", "Gửi sáng nay"]


def test_the_first_page_of_thousands_is_read_through_the_last_change_index():
    insert_articles(count=5000, categories=[make_category()])

    changelist = desk_list("approver")
    first_page = changelist.queryset[: changelist.list_per_page]
    plan = first_page.explain()

    assert "article_updated_idx" in plan, plan
    assert "Sort" not in plan.split("SubPlan")[0], plan


def test_the_approvers_queue_reads_the_waiting_articles_not_the_archive():
    category = make_category()
    insert_articles(count=5000, categories=[category])
    waiting = make_article(title="Chờ duyệt giữa kho lưu trữ", category=category)
    Article.objects.filter(pk=waiting.pk).update(status=Article.Status.SUBMITTED)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")

    queue = Article.objects.awaiting_review()[:10]
    sql, params = queue.query.sql_with_params()
    with connection.cursor() as cursor:
        read = rows_examined(cursor.mogrify(sql, params), Article._meta.db_table)

    assert [a.title for a in queue] == ["Chờ duyệt giữa kho lưu trữ"]
    assert "article_review_idx" in queue.explain()
    assert read <= 10
