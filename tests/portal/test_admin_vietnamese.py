"""Every admin page a role reaches reads in Vietnamese: the visible text holds
no English word of Django's or the admin's apps' catalogues."""

import pytest
from django.urls import reverse

from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article, make_category
from tests.portal.admin_text import english_in
from tests.ratings.factories import make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(client):
    """A draft, a submitted, a returned, a published article with a pending
    change and two revisions, and votes."""
    editor = staff("editor")
    article = make_article(title="Tin đã đăng", lead_image_caption="Ảnh")
    client.force_login(editor)
    client.post(change_url(article), change_form(article, title="Tin đã đăng (sửa)"))
    client.logout()
    make_article(title="Tin nháp", status="draft", created_by=editor)
    make_article(title="Tin chờ duyệt", status="submitted", created_by=editor)
    make_vote(article)
    return article


def pages(article, role):
    history = article.history.order_by("history_date")
    old, new = history.first(), history.last()
    urls = [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:app_list", args=["articles"]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=khong-co-bai-nao",
        reverse("admin:articles_article_changelist") + "?trang_thai=draft",
        reverse("admin:articles_article_add"),
        change_url(article),
        reverse("admin:articles_revisions", args=[article.pk]),
        reverse("admin:articles_revision_compare", args=[article.pk])
        + f"?a={old.history_id}&b={new.history_id}",
        reverse("admin:articles_category_changelist"),
    ]
    if role == "moderator":
        urls = [
            urls[0],
            urls[1],
            reverse("admin:app_list", args=["ratings"]),
            reverse("admin:ratings_vote_changelist"),
            reverse("admin:ratings_vote_changelist") + "?q=x",
            reverse("admin:ratings_voteburst_changelist"),
            reverse("admin:ratings_ratingsummary_changelist"),
        ]
    if role == "approver":
        urls.append(reverse("admin:articles_category_add"))
    return urls


@pytest.mark.parametrize("role", ["editor", "approver", "moderator"])
def test_every_admin_page_of_a_role_reads_in_vietnamese(client, newsroom, role):
    client.force_login(staff(role))
    english = {}
    for url in pages(newsroom, role):
        response = client.get(url)
        assert response.status_code == 200, url
        found = english_in(response.content.decode())
        if found:
            english[url] = found
    assert english == {}


def test_a_form_with_an_error_reads_in_vietnamese(client):
    client.force_login(staff("approver"))
    response = client.post(
        reverse("admin:articles_article_add"),
        {**change_form(make_article()), "title": "", "category": make_category().pk},
    )
    assert response.status_code == 200
    assert english_in(response.content.decode()) == []


def test_the_login_page_and_its_captcha_read_in_vietnamese(client, settings):
    settings.STAFF_SIGNIN_FREE_FAILURES = 1
    login = reverse("admin:login")
    assert english_in(client.get(login).content.decode()) == []
    client.post(login, {"username": "ai-do", "password": "sai"})
    asked = client.post(login, {"username": "ai-do", "password": "sai"})
    assert "Nhập mã xác nhận trong hình" in asked.content.decode()
    assert english_in(asked.content.decode()) == []


def test_the_sign_in_log_is_shown_to_superusers_only(client):
    client.force_login(staff("approver"))
    assert "/quan-tri/staff/signin/" not in client.get(reverse("admin:index")).content.decode()
    client.force_login(staff("superuser"))
    assert "/quan-tri/staff/signin/" in client.get(reverse("admin:index")).content.decode()
