import pytest
from django.urls import reverse

from articles.models import Article
from articles.text import vietnamese_slugify
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Phát động phong trào thi đua", "phat-dong-phong-trao-thi-dua"),
        ("Đường Hồ Chí Minh", "duong-ho-chi-minh"),
        ("ĐẮK LẮK: Ưu tiên nông nghiệp", "dak-lak-uu-tien-nong-nghiep"),
        ("Nghị định 15/2024/NĐ-CP", "nghi-dinh-152024nd-cp"),
    ],
)
def test_slugs_are_transliterated_from_vietnamese_with_d_kept(title, slug):
    assert vietnamese_slugify(title) == slug


def test_an_article_saved_without_a_slug_gets_one_from_its_title():
    article = make_article(title="Thủ tướng phát động thi đua")
    assert article.slug == "thu-tuong-phat-dong-thi-dua"


def test_two_articles_with_the_same_title_get_different_slugs():
    first = make_article(title="Họp báo Chính phủ")
    second = make_article(title="Họp báo Chính phủ")
    assert first.slug == "hop-bao-chinh-phu"
    assert second.slug == "hop-bao-chinh-phu-2"


def test_a_changed_title_keeps_the_published_url(client):
    article = make_article(title="Tiêu đề ban đầu")
    url = article.get_absolute_url()
    article.title = "Tiêu đề đã sửa"
    article.save()
    response = client.get(url)
    assert response.status_code == 200
    assert "Tiêu đề đã sửa" in response.content.decode()


def test_a_very_long_title_gives_a_slug_that_fits():
    article = make_article(title="Chính phủ " * 29)
    assert len(article.slug) <= 200
    assert not article.slug.endswith("-")


def test_category_slugs_are_transliterated_too():
    assert make_category(name="Chỉ đạo, điều hành").slug == "chi-dao-dieu-hanh"


def test_a_199_character_slug_title_saved_many_times_gets_a_new_fitting_slug_each_time():
    title = "Chính phủ " * 19 + "họp bàn A"  # slugs to 199 characters
    assert len(vietnamese_slugify(title)) == 199
    category = make_category()
    slugs = [make_article(title=title, category=category).slug for _ in range(12)]
    assert len(set(slugs)) == 12
    assert all(len(slug) <= 200 and not slug.endswith("-") for slug in slugs)
    assert slugs[1].endswith("-2") and slugs[11].endswith("-12")


def test_many_articles_with_one_title_all_save_through_the_admin(editor_client):
    category = make_category()
    for _ in range(25):
        response = editor_client.post(
            reverse("admin:articles_article_add"), article_form(category, title="Họp báo")
        )
        assert response.status_code == 302
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert slugs == {"hop-bao"} | {f"hop-bao-{n}" for n in range(2, 26)}


def test_a_title_with_no_letters_gets_a_fallback_slug():
    assert make_article(title="!!! ???").slug == "bai-viet"
