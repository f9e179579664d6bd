import pytest

from articles.text import vietnamese_slugify
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
