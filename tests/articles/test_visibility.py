from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_published_article_is_shown_to_the_public(client):
    article = make_article(title="Tin đã xuất bản")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_draft_answers_404_to_the_public(client):
    article = make_article(status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_scheduled_article_answers_404_until_its_time(client):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(client, time_machine):
    article = make_article(title="Tin hẹn giờ", published_at=timezone.now() + timedelta(hours=2))
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Tin hẹn giờ" in client.get(reverse("articles:home")).content.decode()


def test_an_unknown_article_answers_a_vietnamese_404(client):
    response = client.get("/bai-viet/khong-co-bai-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "banner"),
    [
        ("draft", "Bản xem trước: bản nháp, người đọc chưa thấy bài này."),
        ("scheduled", "Bản xem trước: bài viết hẹn giờ xuất bản lúc"),
    ],
)
def test_an_editor_previews_a_hidden_article_that_the_public_cannot_see(
    client, editor_client, status, banner
):
    fields = {"title": "Bản thảo bí mật"}
    if status == "draft":
        fields["status"] = Article.Status.DRAFT
    else:
        fields["published_at"] = timezone.now() + timedelta(days=1)
    article = make_article(**fields)
    preview_url = reverse("articles:preview", args=[article.pk])

    response = editor_client.get(preview_url)

    assert response.status_code == 200
    assert banner in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert editor_client.get(article.get_absolute_url()).status_code == 404


def test_the_preview_of_a_public_article_says_it_is_published(editor_client):
    article = make_article()
    response = editor_client.get(reverse("articles:preview", args=[article.pk]))
    assert "Bản xem trước: bài viết đã xuất bản." in response.content.decode()


def test_the_public_cannot_reach_a_preview(client):
    article = make_article(status=Article.Status.DRAFT)
    response = client.get(reverse("articles:preview", args=[article.pk]))
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_hidden_articles_stay_out_of_every_public_list(client):
    category_article = make_article(title="Tin công khai")
    make_article(title="Tin nháp", category=category_article.category, status=Article.Status.DRAFT)
    make_article(
        title="Tin tương lai",
        category=category_article.category,
        published_at=timezone.now() + timedelta(days=1),
    )
    pages = [
        reverse("articles:home"),
        category_article.category.get_absolute_url(),
        reverse("articles:search") + "?q=tin",
        reverse("articles:feed"),
        reverse("articles:sitemap_section", args=["articles"]),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert "Tin nháp" not in content and "tin-nhap" not in content, url
        assert "Tin tương lai" not in content and "tin-tuong-lai" not in content, url
    assert "Tin công khai" in client.get(reverse("articles:home")).content.decode()
